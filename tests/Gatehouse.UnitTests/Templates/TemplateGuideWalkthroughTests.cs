using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>
/// More golden tests from the developer guide: the employee record example, the pet store walkthrough ("Map response
/// payload": four templates and the response bodies the console shows), the calculator and Kinesis tutorials' request
/// templates, and the mock integration's template.
/// </summary>
public sealed class TemplateGuideWalkthroughTests
{
    private const string EmployeeInput = """
        {
          "QueryResponse": {
            "maxResults": "1",
            "startPosition": "1",
            "Employee": {
              "Organization": "false",
              "Title": "Mrs.",
              "GivenName": "Jane",
              "MiddleName": "Lane",
              "FamilyName": "Doe",
              "DisplayName": "Jane Lane Doe",
              "PrintOnCheckName": "Jane Lane Doe",
              "Active": "true",
              "PrimaryPhone": { "FreeFormNumber": "505.555.9999" },
              "PrimaryEmailAddr": { "Address": "janedoe@example.com" },
              "EmployeeType": "Regular",
              "status": "Synchronized",
              "Id": "ABC123",
              "SyncToken": "1",
              "MetaData": {
                "CreateTime": "2015-04-26T19:45:03Z",
                "LastUpdatedTime": "2015-04-27T21:48:23Z"
              },
              "PrimaryAddr": {
                "Line1": "123 Any Street",
                "City": "Any City",
                "CountrySubDivisionCode": "WA",
                "PostalCode": "01234"
              }
            }
          },
          "time": "2015-04-27T22:12:32.012Z"
        }
        """;

    private const string EmployeeOutputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "QueryResponse": {
            "maxResults": "$inputRoot.QueryResponse.maxResults",
            "startPosition": "$inputRoot.QueryResponse.startPosition",
            "Employees": [
              {
                "Title": "$inputRoot.QueryResponse.Employee.Title",
                "GivenName": "$inputRoot.QueryResponse.Employee.GivenName",
                "MiddleName": "$inputRoot.QueryResponse.Employee.MiddleName",
                "FamilyName": "$inputRoot.QueryResponse.Employee.FamilyName",
                "DisplayName": "$inputRoot.QueryResponse.Employee.DisplayName",
                "PrintOnCheckName": "$inputRoot.QueryResponse.Employee.PrintOnCheckName",
                "Active": "$inputRoot.QueryResponse.Employee.Active",
                "PrimaryPhone": "$inputRoot.QueryResponse.Employee.PrimaryPhone.FreeFormNumber",
                "Email" : [
                  {
                    "type": "primary",
                    "Address": "$inputRoot.QueryResponse.Employee.PrimaryEmailAddr.Address"
                  }
                ],
                "EmployeeType": "$inputRoot.QueryResponse.Employee.EmployeeType",
                "PrimaryAddr": {
                  "Line1": "$inputRoot.QueryResponse.Employee.PrimaryAddr.Line1",
                  "City": "$inputRoot.QueryResponse.Employee.PrimaryAddr.City",
                  "CountrySubDivisionCode": "$inputRoot.QueryResponse.Employee.PrimaryAddr.CountrySubDivisionCode",
                  "PostalCode": "$inputRoot.QueryResponse.Employee.PrimaryAddr.PostalCode"
                }
              }
            ]
          },
          "time": "$inputRoot.time"
        }
        """;

    [Fact]
    public void Render_EmployeeOutputTemplate_GivesTheDocumentedTransformedData() =>
        Vtl.JsonEqual("""
            {
              "QueryResponse": {
                "maxResults": "1",
                "startPosition": "1",
                "Employees": [
                  {
                    "Title": "Mrs.",
                    "GivenName": "Jane",
                    "MiddleName": "Lane",
                    "FamilyName": "Doe",
                    "DisplayName": "Jane Lane Doe",
                    "PrintOnCheckName": "Jane Lane Doe",
                    "Active": "true",
                    "PrimaryPhone": "505.555.9999",
                    "Email": [
                      {
                        "type": "primary",
                        "Address": "janedoe@example.com"
                      }
                    ],
                    "EmployeeType": "Regular",
                    "PrimaryAddr": {
                      "Line1": "123 Any Street",
                      "City": "Any City",
                      "CountrySubDivisionCode": "WA",
                      "PostalCode": "01234"
                    }
                  }
                ]
              },
              "time": "2015-04-27T22:12:32.012Z"
            }
            """, Vtl.Render(EmployeeOutputTemplate, EmployeeInput));

    // The pet store's GET /petstore/pets answer that the walkthrough's HTTP integrations receive.
    private const string Pets = """[{"id":1,"type":"dog","price":249.99},{"id":2,"type":"cat","price":124.99},{"id":3,"type":"fish","price":0.99}]""";

    [Fact]
    public void Render_FlattenAllTemplate_GivesTheDocumentedListings()
    {
        const string template = """
            #set($inputRoot = $input.path('$'))
            {
              "listings" : [
            #foreach($elem in $inputRoot)
                "Item number $elem.id is a $elem.type. The asking price is $elem.price."#if($foreach.hasNext),#end
                    
            #end
              ]
            }
            """;

        var output = Vtl.Render(template, Pets);

        Vtl.JsonEqual("""
            {
              "listings" : [
                "Item number 1 is a dog. The asking price is 249.99.",
                "Item number 2 is a cat. The asking price is 124.99.",
                "Item number 3 is a fish. The asking price is 0.99."
              ]
            }
            """, output);
        // The console shows the spaces the template leaves after each comma.
        Assert.Contains("249.99.\",        \n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""
        #set($inputRoot = $input.path('$'))
        [
        #foreach($elem in $inputRoot)
          {
            "description" : "Item $elem.id is a $elem.type.",
            "askingPrice" : $elem.price
          }#if($foreach.hasNext),#end

        #end
        ]
        """, """
        [
          { "description" : "Item 1 is a dog.", "askingPrice" : 249.99 },
          { "description" : "Item 2 is a cat.", "askingPrice" : 124.99 },
          { "description" : "Item 3 is a fish.", "askingPrice" : 0.99 }
        ]
        """)]
    [InlineData("""
        #set($inputRoot = $input.path('$'))
        [
        #foreach($elem in $inputRoot)
          {
            "number": $elem.id,
            "class": "$elem.type",
            "salesPrice": $elem.price 
          }#if($foreach.hasNext),#end

        #end
        ]
        """, """
        [
          { "number": 1, "class": "dog", "salesPrice": 249.99 },
          { "number": 2, "class": "cat", "salesPrice": 124.99 },
          { "number": 3, "class": "fish", "salesPrice": 0.99 }
        ]
        """)]
    public void Render_PetStoreWalkthroughTemplates_GiveTheDocumentedBodies(string template, string expected) =>
        Vtl.JsonEqual(expected, Vtl.Render(template, Pets));

    [Theory]
    [InlineData("%2F", "/")]
    [InlineData("+", "+")]
    public void Render_CalculatorPathTemplate_TranslatesTheEncodedDivision(string @operator, string expected)
    {
        const string template = """
            {
               "a": "$input.params('operand1')",
               "b": "$input.params('operand2')",
               "op": #if($input.params('operator')=='%2F')"/"#{else}"$input.params('operator')"#end
               
            }
            """;
        var context = new TemplateContext { PathParameters = [new("operand1", "2"), new("operand2", "3"), new("operator", @operator)] };

        Vtl.JsonEqual($$"""{ "a": "2", "b": "3", "op": "{{expected}}" }""", Vtl.Render(template, context));
    }

    [Theory]
    [InlineData("{}", "5")]
    [InlineData("""{"ShardCount": 2}""", "2")]
    public void Render_KinesisCreateStreamTemplate_DefaultsTheShardCount(string body, string shards)
    {
        // "we set ShardCount to a fixed value of 5 if the client does not specify a value".
        const string template = """
            {
                "ShardCount": #if($input.path('$.ShardCount') == '') 5 #else $input.path('$.ShardCount') #end,
                "StreamName": "$input.params('stream-name')"
            }
            """;
        var context = new TemplateContext { Body = body, PathParameters = [new("stream-name", "orders")] };

        var output = Vtl.Render(template, context);

        Assert.Equal($"{{\n    \"ShardCount\":  {shards} ,\n    \"StreamName\": \"orders\"\n}}", output);
    }

    [Fact]
    public void Render_KinesisPutRecordTemplate_EncodesTheDataAsBase64()
    {
        const string template = """
            {
                "StreamName": "$input.params('stream-name')",
                "Data": "$util.base64Encode($input.json('$.Data'))",
                "PartitionKey": "$input.path('$.PartitionKey')"
            }
            """;
        var context = new TemplateContext { Body = """{"Data": "some data", "PartitionKey": "some key"}""", PathParameters = [new("stream-name", "s")] };

        // base64 of the JSON text "some data", quotes included.
        Vtl.JsonEqual("""{ "StreamName": "s", "Data": "InNvbWUgZGF0YSI=", "PartitionKey": "some key" }""", Vtl.Render(template, context));
    }

    [Theory]
    [InlineData("internal", "{\n      \"statusCode\": 200\n  }")]
    [InlineData("public", "{\n      \"statusCode\": 500\n  }")]
    public void Render_MockIntegrationTemplate_ChoosesTheStatusByScope(string scope, string expected)
    {
        const string template = """
            {
              #if( $input.params('scope') == "internal" )
                "statusCode": 200
              #else
                "statusCode": 500
              #end
            }
            """;

        // #if's indentation stays (Velocity 1.x gobbles only #set's); #else and #end keep theirs too.
        Assert.Equal(expected, Vtl.Render(template, new TemplateContext { QueryStringParameters = [new("scope", scope)] }));
    }
}
