using Gatehouse.Templates;

namespace Gatehouse.UnitTests.Templates;

/// <summary>
/// Golden tests: the mapping templates of API Gateway's developer guide, on the input data the guide gives, must
/// produce the transformed data the guide documents (examples: photos, news article, sales invoice, grocery store
/// "models and mapping templates"; the $input, $util and override examples of the mapping template reference).
/// Inputs and outputs are copied here from the guide, so the tests need nothing beside the repository.
/// </summary>
public sealed class TemplateDocumentationTests
{
    private const string PhotosInput = """
        {
          "photos": {
            "page": 1,
            "pages": "1234",
            "perpage": 100,
            "total": "123398",
            "photo": [
              {
                "id": "12345678901",
                "owner": "23456789@A12",
                "secret": "abc123d456",
                "server": "1234",
                "farm": 1,
                "title": "Sample photo 1",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0
              },
              {
                "id": "23456789012",
                "owner": "34567890@B23",
                "secret": "bcd234e567",
                "server": "2345",
                "farm": 2,
                "title": "Sample photo 2",
                "ispublic": 1,
                "isfriend": 0,
                "isfamily": 0
              }
            ]
          }
        }
        """;

    internal const string PhotosInputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "photos": {
            "page": $inputRoot.photos.page,
            "pages": "$inputRoot.photos.pages",
            "perpage": $inputRoot.photos.perpage,
            "total": "$inputRoot.photos.total",
            "photo": [
        #foreach($elem in $inputRoot.photos.photo)
              {
                "id": "$elem.id",
                "owner": "$elem.owner",
                "secret": "$elem.secret",
                "server": "$elem.server",
                "farm": $elem.farm,
                "title": "$elem.title",
                "ispublic": $elem.ispublic,
                "isfriend": $elem.isfriend,
                "isfamily": $elem.isfamily
              }#if($foreach.hasNext),#end
        			
        #end
            ]
          }
        }
        """;

    internal const string PhotosOutputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "photos": [
        #foreach($elem in $inputRoot.photos.photo)
            {
              "id": "$elem.id",
              "owner": "$elem.owner",
              "title": "$elem.title",
              "ispublic": $elem.ispublic,
              "isfriend": $elem.isfriend,
              "isfamily": $elem.isfamily
            }#if($foreach.hasNext),#end
        		
        #end
          ]
        }
        """;

    [Fact]
    public void Render_PhotosInputTemplate_ReproducesTheOriginalData()
    {
        var output = Vtl.Render(PhotosInputTemplate, PhotosInput);

        Vtl.JsonEqual(PhotosInput, output);
    }

    [Fact]
    public void Render_PhotosOutputTemplate_GivesTheDocumentedTransformedData()
    {
        var output = Vtl.Render(PhotosOutputTemplate, PhotosInput);

        Vtl.JsonEqual("""
            {
              "photos": [
                { "id": "12345678901", "owner": "23456789@A12", "title": "Sample photo 1", "ispublic": 1, "isfriend": 0, "isfamily": 0 },
                { "id": "23456789012", "owner": "34567890@B23", "title": "Sample photo 2", "ispublic": 1, "isfriend": 0, "isfamily": 0 }
              ]
            }
            """, output);
    }

    [Fact]
    public void Render_PhotosOutputTemplate_KeepsVelocityWhitespaceExactly()
    {
        // Velocity 1.x: #set swallows its line; "#end" and a directive's ')' swallow the line break after them; the
        // tab-indented blank line between elements is text and stays.
        var output = Vtl.Render(PhotosOutputTemplate, PhotosInput);

        Assert.Equal(
            "{\n  \"photos\": [\n" +
            "    {\n      \"id\": \"12345678901\",\n      \"owner\": \"23456789@A12\",\n      \"title\": \"Sample photo 1\",\n" +
            "      \"ispublic\": 1,\n      \"isfriend\": 0,\n      \"isfamily\": 0\n    },\t\t\n" +
            "    {\n      \"id\": \"23456789012\",\n      \"owner\": \"34567890@B23\",\n      \"title\": \"Sample photo 2\",\n" +
            "      \"ispublic\": 1,\n      \"isfriend\": 0,\n      \"isfamily\": 0\n    }\t\t\n" +
            "  ]\n}",
            output);
    }

    private const string NewsInput = """
        {
          "count": 1,
          "items": [
            {
              "last_updated_date": "2015-04-24",
              "expire_date": "2016-04-25",
              "author_first_name": "John",
              "creation_date": "2015-04-20",
              "title": "Sample Title",
              "allow_comment": "1",
              "author": {
                "last_name": "Doe",
                "email": "johndoe@example.com",
                "first_name": "John"
              },
              "body": "Sample Body",
              "publish_date": "2015-04-25",
              "version": "1",
              "author_last_name": "Doe",
              "parent_id": 2345678901,
              "article_url": "http://www.example.com/articles/3456789012"
            }
          ],
          "version": 1
        }
        """;

    internal const string NewsInputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "count": $inputRoot.count,
          "items": [
        #foreach($elem in $inputRoot.items)
            {
              "last_updated_date": "$elem.last_updated_date",
              "expire_date": "$elem.expire_date",
              "author_first_name": "$elem.author_first_name",
              "creation_date": "$elem.creation_date",
              "title": "$elem.title",
              "allow_comment": "$elem.allow_comment",
              "author": {
                "last_name": "$elem.author.last_name",
                "email": "$elem.author.email",
                "first_name": "$elem.author.first_name"
              },
              "body": "$elem.body",
              "publish_date": "$elem.publish_date",
              "version": "$elem.version",
              "author_last_name": "$elem.author_last_name",
              "parent_id": $elem.parent_id,
              "article_url": "$elem.article_url"
            }#if($foreach.hasNext),#end
        #end
          ],
          "version": $inputRoot.version
        }
        """;

    internal const string NewsOutputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "count": $inputRoot.count,
          "items": [
        #foreach($elem in $inputRoot.items)
            {
              "creation_date": "$elem.creation_date",
              "title": "$elem.title",
              "author": "$elem.author.first_name $elem.author.last_name",
              "body": "$elem.body",
              "publish_date": "$elem.publish_date",
              "article_url": "$elem.article_url"
            }#if($foreach.hasNext),#end
        #end
          ],
          "version": $inputRoot.version
        }
        """;

    [Fact]
    public void Render_NewsArticleInputTemplate_ReproducesTheOriginalData() =>
        Vtl.JsonEqual(NewsInput, Vtl.Render(NewsInputTemplate, NewsInput));

    [Fact]
    public void Render_NewsArticleOutputTemplate_GivesTheDocumentedTransformedData() =>
        Vtl.JsonEqual("""
            {
              "count": 1,
              "items": [
                {
                  "creation_date": "2015-04-20",
                  "title": "Sample Title",
                  "author": "John Doe",
                  "body": "Sample Body",
                  "publish_date": "2015-04-25",
                  "article_url": "http://www.example.com/articles/3456789012"
                }
              ],
              "version": 1
            }
            """, Vtl.Render(NewsOutputTemplate, NewsInput));

    internal const string InvoiceInput = """
        {
          "DueDate": "2013-02-15",
          "Balance": 1990.19,
          "DocNumber": "SAMP001",
          "Status": "Payable",
          "Line": [
            {
              "Description": "Sample Expense",
              "Amount": 500,
              "DetailType": "ExpenseDetail",
              "ExpenseDetail": {
                "Customer": { "value": "ABC123", "name": "Sample Customer" },
                "Ref": { "value": "DEF234", "name": "Sample Construction" },
                "Account": { "value": "EFG345", "name": "Fuel" },
                "LineStatus": "Billable"
              }
            }
          ],
          "Vendor": { "value": "GHI456", "name": "Sample Bank" },
          "APRef": { "value": "HIJ567", "name": "Accounts Payable" },
          "TotalAmt": 1990.19
        }
        """;

    internal const string InvoiceOutputTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "DueDate": "$inputRoot.DueDate",
          "Balance": $inputRoot.Balance,
          "DocNumber": "$inputRoot.DocNumber",
          "Status": "$inputRoot.Status",
          "Line": [
        #foreach($elem in $inputRoot.Line)
            {
              "Description": "$elem.Description",
              "Amount": $elem.Amount,
              "DetailType": "$elem.DetailType",
              "Customer": "$elem.ExpenseDetail.Customer.value ($elem.ExpenseDetail.Customer.name)",
              "Ref": "$elem.ExpenseDetail.Ref.value ($elem.ExpenseDetail.Ref.name)",
              "Account": "$elem.ExpenseDetail.Account.value ($elem.ExpenseDetail.Account.name)",
              "LineStatus": "$elem.ExpenseDetail.LineStatus"
            }#if($foreach.hasNext),#end
                
        #end
          ],
          "TotalAmt": $inputRoot.TotalAmt
        }
        """;

    [Fact]
    public void Render_InvoiceOutputTemplate_GivesTheDocumentedTransformedData() =>
        Vtl.JsonEqual("""
            {
              "DueDate": "2013-02-15",
              "Balance": 1990.19,
              "DocNumber": "SAMP001",
              "Status": "Payable",
              "Line": [
                {
                  "Description": "Sample Expense",
                  "Amount": 500,
                  "DetailType": "ExpenseDetail",
                  "Customer": "ABC123 (Sample Customer)",
                  "Ref": "DEF234 (Sample Construction)",
                  "Account": "EFG345 (Fuel)",
                  "LineStatus": "Billable"
                }
              ],
              "TotalAmt": 1990.19
            }
            """, Vtl.Render(InvoiceOutputTemplate, InvoiceInput));

    [Fact]
    public void Render_InvoiceInputTemplate_ReproducesTheOriginalData()
    {
        const string template = """
            #set($inputRoot = $input.path('$'))
            {
              "DueDate": "$inputRoot.DueDate",
              "Balance": $inputRoot.Balance,
              "DocNumber": "$inputRoot.DocNumber",
              "Status": "$inputRoot.Status",
              "Line": [
            #foreach($elem in $inputRoot.Line)
                {
                  "Description": "$elem.Description",
                  "Amount": $elem.Amount,
                  "DetailType": "$elem.DetailType",
                  "ExpenseDetail": {
                    "Customer": {
                      "value": "$elem.ExpenseDetail.Customer.value",
                      "name": "$elem.ExpenseDetail.Customer.name"
                    },
                    "Ref": {
                      "value": "$elem.ExpenseDetail.Ref.value",
                      "name": "$elem.ExpenseDetail.Ref.name"
                    },
                    "Account": {
                      "value": "$elem.ExpenseDetail.Account.value",
                      "name": "$elem.ExpenseDetail.Account.name"
                    },
                    "LineStatus": "$elem.ExpenseDetail.LineStatus"
                  }
                }#if($foreach.hasNext),#end
                    
            #end
              ],
              "Vendor": {
                "value": "$inputRoot.Vendor.value",
                "name": "$inputRoot.Vendor.name"
              },
              "APRef": {
                "value": "$inputRoot.APRef.value",
                "name": "$inputRoot.APRef.name"
              },
              "TotalAmt": $inputRoot.TotalAmt
            }
            """;

        Vtl.JsonEqual(InvoiceInput, Vtl.Render(template, InvoiceInput));
    }

    internal const string GroceryInput = """
        {
          "department": "produce",
          "categories": [ "fruit", "vegetables" ],
          "bins": [
            { "category": "fruit", "type": "apples", "price": 1.99, "unit": "pound", "quantity": 232 },
            { "category": "fruit", "type": "bananas", "price": 0.19, "unit": "each", "quantity": 112 },
            { "category": "vegetables", "type": "carrots", "price": 1.29, "unit": "bag", "quantity": 57 }
          ]
        }
        """;

    internal const string GroceryTemplate = """
        #set($inputRoot = $input.path('$'))
        {
          "choices": [
        #foreach($elem in $inputRoot.bins)
            {
              "kind": "$elem.type",
              "suggestedPrice": "$elem.price per $elem.unit",
              "available": $elem.quantity
            }#if($foreach.hasNext),#end
                    
        #end
          ]
        }
        """;

    [Fact]
    public void Render_GroceryStoreTemplate_GivesTheDocumentedChoices() =>
        Vtl.JsonEqual("""
            {
              "choices": [
                { "kind": "apples", "suggestedPrice": "1.99 per pound", "available": 232 },
                { "kind": "bananas", "suggestedPrice": "0.19 per each", "available": 112 },
                { "kind": "carrots", "suggestedPrice": "1.29 per bag", "available": 57 }
              ]
            }
            """, Vtl.Render(GroceryTemplate, GroceryInput));

    [Fact]
    public void Render_InputExampleWithThings_GivesTheDocumentedIdAndCount()
    {
        // The reference's "example that uses all three functions": POST /things/abc.
        const string template = """
            {
                "id" : "$input.params('id')",
                "count" : "$input.path('$.things').size()",
                "things" : $input.json('$.things')
            }
            """;
        var context = new TemplateContext
        {
            Body = """{ "things" : { "1" : {}, "2" : {}, "3" : {} } }""",
            PathParameters = [new("id", "abc")],
        };

        Vtl.JsonEqual("""{ "id": "abc", "count": "3", "things": { "1": {}, "2": {}, "3": {} } }""", Vtl.Render(template, context));
    }

    [Fact]
    public void Render_ParseJsonExample_GivesTheDocumentedOutput()
    {
        // $util.parseJson in the reference: errorMessage holds stringified JSON.
        const string template = """
            #set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))
            {
               "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]
            }
            """;
        var body = """{"errorMessage":"{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}""";

        Assert.Equal("{\n   \"errorMessageObjKey2ArrVal\" : 1\n}", Vtl.Render(template, body));
    }

    [Fact]
    public void Render_AllParamsExample_PrintsEveryParameterByKind()
    {
        // The reference's parameter mapping example: all of $input.params() as JSON.
        const string template = """
            #set($allParams = $input.params())
            {
              "params" : {
                #foreach($type in $allParams.keySet())
                #set($params = $allParams.get($type))
                "$type" : {
                  #foreach($paramName in $params.keySet())
                  "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
                  #if($foreach.hasNext),#end
                  #end
                }
                #if($foreach.hasNext),#end
                #end
              }
            }
            """;
        var context = new TemplateContext
        {
            PathParameters = [new("path_name", "path_value")],
            QueryStringParameters = [new("q", "it's")],
            Headers = [new("header_name", "header_value"), new("Accept", "application/json")],
        };

        Vtl.JsonEqual("""
            {
              "params": {
                "path": { "path_name": "path_value" },
                "querystring": { "q": "it\u0027s" },
                "header": { "header_name": "header_value", "Accept": "application/json" }
              }
            }
            """, Vtl.Render(template, context).Replace("\\'", "'", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_ContextVariablesExample_MapsTheCallerContext()
    {
        const string template = """
            {
                "stage" : "$context.stage",
                "request_id" : "$context.requestId",
                "resource_path" : "$context.resourcePath",
                "http_method" : "$context.httpMethod",
                "source_ip" : "$context.identity.sourceIp",
                "user-agent" : "$context.identity.userAgent",
                "api_key" : "$context.identity.apiKey"
            }
            """;
        var context = new TemplateContext();
        context.Context["stage"] = "prod";
        context.Context["requestId"] = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef";
        context.Context["resourcePath"] = "/things/{id}";
        context.Context["httpMethod"] = "POST";
        var identity = context.Context.GetOrAddMap("identity");
        identity["sourceIp"] = "203.0.113.7";
        identity["userAgent"] = "curl/8.0";

        Vtl.JsonEqual("""
            {
              "stage": "prod", "request_id": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "resource_path": "/things/{id}",
              "http_method": "POST", "source_ip": "203.0.113.7", "user-agent": "curl/8.0", "api_key": ""
            }
            """, Vtl.Render(template, context));
    }

    [Fact]
    public void Render_ResponseStatusOverrideExample_SetsTheStatusWhenTheBodyHasErrors()
    {
        // "Override an API's response status code": the body passes through, the status becomes 400.
        const string template = """
            #set($inputRoot = $input.path('$'))
            $input.json("$")
            #if($inputRoot.toString().contains("error"))
            #set($context.responseOverride.status = 400)
            #end
            """;
        var context = new TemplateContext { Body = """{"errors":[{"key":"GetPetRequest.petId","message":"The value is out of range."}]}""" };

        var output = Vtl.Render(template, context);

        Assert.Equal("""{"errors":[{"key":"GetPetRequest.petId","message":"The value is out of range."}]}""" + "\n", output);
        Assert.Equal(400, context.ReadResponseOverride().Status);
    }

    [Fact]
    public void Render_ResponseStatusOverrideExample_LeavesTheStatusWithoutErrors()
    {
        const string template = """
            #set($inputRoot = $input.path('$'))
            $input.json("$")
            #if($inputRoot.toString().contains("error"))
            #set($context.responseOverride.status = 400)
            #end
            """;
        var context = new TemplateContext { Body = """{"id":1,"type":"dog"}""" };

        Vtl.Render(template, context);

        Assert.Null(context.ReadResponseOverride().Status);
    }

    [Fact]
    public void Render_RequestHeaderOverrideExample_GivesTheDocumentedEndpointHeaders()
    {
        // "Override an API's request parameters and headers": the log shows header3=header1Valheader2Val,
        // header1=foo, multivalueheader=foo,header1Valheader2Val.
        const string template = """
            #set($header1Override = "foo")
            #set($header3Value = "$input.params('header1')$input.params('header2')")
            $input.json("$")
            #set($context.requestOverride.header.header3 = $header3Value)
            #set($context.requestOverride.header.header1 = $header1Override)
            #set($context.requestOverride.header.multivalueheader=[$header1Override, $header3Value])
            """;
        var context = new TemplateContext { Headers = [new("header1", "header1Val"), new("header2", "header2Val")] };

        Vtl.Render(template, context);

        Assert.Equal(
            [new("header3", "header1Valheader2Val"), new("header1", "foo"), new("multivalueheader", "foo"), new("multivalueheader", "header1Valheader2Val")],
            context.ReadRequestOverride().Headers);
    }

    [Fact]
    public void Render_UrlEncodeOfJson_MatchesTheValueRecordedOnAws() =>
        Assert.Equal("%7B%22some%22%3A+%22value%22%7D", Vtl.Render("""$util.urlEncode('{"some": "value"}')"""));

    [Fact]
    public void Render_EscapeJavaScriptThenReplaceAll_RestoresSingleQuotesAsTheGuideAdvises() =>
        // $util.escapeJavaScript(data).replaceAll("\\'","'"): the guide's way to keep JSON valid.
        Assert.Equal("it's \\\"quoted\\\"", Vtl.Render("#set($data = \"it's \"\"quoted\"\"\")$util.escapeJavaScript($data).replaceAll(\"\\\\'\",\"'\")"));
}
