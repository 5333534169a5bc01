namespace Gatehouse.Bench.Templates;

/// <summary>The developer guide's mapping templates and their input data (models and mapping templates examples).</summary>
internal static class Examples
{
    public const string PhotosInput = """
        {"photos":{"page":1,"pages":"1234","perpage":100,"total":"123398","photo":[
        {"id":"12345678901","owner":"23456789@A12","secret":"abc123d456","server":"1234","farm":1,"title":"Sample photo 1","ispublic":1,"isfriend":0,"isfamily":0},
        {"id":"23456789012","owner":"34567890@B23","secret":"bcd234e567","server":"2345","farm":2,"title":"Sample photo 2","ispublic":1,"isfriend":0,"isfamily":0}]}}
        """;

    public const string PhotosOutputTemplate = """
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

    public const string InvoiceInput = """
        {"DueDate":"2013-02-15","Balance":1990.19,"DocNumber":"SAMP001","Status":"Payable","Line":[{"Description":"Sample Expense","Amount":500,
        "DetailType":"ExpenseDetail","ExpenseDetail":{"Customer":{"value":"ABC123","name":"Sample Customer"},"Ref":{"value":"DEF234","name":"Sample Construction"},
        "Account":{"value":"EFG345","name":"Fuel"},"LineStatus":"Billable"}}],"Vendor":{"value":"GHI456","name":"Sample Bank"},
        "APRef":{"value":"HIJ567","name":"Accounts Payable"},"TotalAmt":1990.19}
        """;

    public const string InvoiceOutputTemplate = """
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

    public const string GroceryInput = """
        {"department":"produce","categories":["fruit","vegetables"],"bins":[
        {"category":"fruit","type":"apples","price":1.99,"unit":"pound","quantity":232},
        {"category":"fruit","type":"bananas","price":0.19,"unit":"each","quantity":112},
        {"category":"vegetables","type":"carrots","price":1.29,"unit":"bag","quantity":57}]}
        """;

    public const string GroceryTemplate = """
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

    public const string ParamsTemplate = """
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

    public const string NameAndBodyTemplate = """
        {
            "name" : "$input.params('name')",
            "body" : $input.json('$')
        }
        """;
}
