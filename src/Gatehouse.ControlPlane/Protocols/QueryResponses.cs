using System.Text;
using System.Xml;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>The query protocol's XML envelopes: <c>{Action}Response</c> with its result and request id, and <c>ErrorResponse</c>.</summary>
public static class QueryResponses
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = false,
        Indent = false,
    };

    /// <summary>
    /// <c>&lt;{action}Response xmlns="…"&gt;&lt;{action}Result&gt;…&lt;/{action}Result&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;…</c>;
    /// without a result writer, only the metadata (operations with no output).
    /// </summary>
    public static byte[] Success(string action, string xmlNamespace, string requestId, Action<QueryXmlWriter>? writeResult)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        return Write(xmlNamespace, writer =>
        {
            writer.Start(action + "Response");
            if (writeResult is not null)
            {
                writer.Start(action + "Result");
                writeResult(writer);
                writer.End();
            }

            writer.Start("ResponseMetadata");
            writer.Element("RequestId", requestId);
            writer.End();
            writer.End();
        });
    }

    /// <summary>
    /// <c>&lt;ErrorResponse xmlns="…"&gt;&lt;Error&gt;&lt;Type&gt;Sender|Receiver&lt;/Type&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Message&gt;…&lt;/Message&gt;&lt;/Error&gt;&lt;RequestId&gt;…</c>.
    /// </summary>
    public static byte[] Error(string? xmlNamespace, AwsException error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Write(xmlNamespace ?? "", writer =>
        {
            writer.Start("ErrorResponse");
            writer.Start("Error");
            writer.Element("Type", error.StatusCode >= 500 ? "Receiver" : "Sender");
            writer.Element("Code", error.ErrorType);
            writer.Element("Message", error.Message);
            writer.End();
            writer.Element("RequestId", requestId);
            writer.End();
        });
    }

    private static byte[] Write(string xmlNamespace, Action<QueryXmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, Settings))
        {
            write(new QueryXmlWriter(xml, xmlNamespace));
        }

        return buffer.ToArray();
    }
}
