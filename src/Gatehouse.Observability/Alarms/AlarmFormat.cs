using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gatehouse.Observability.Alarms;

/// <summary>How CloudWatch writes numbers and times in state reasons, reason data and notifications (Java's style).</summary>
internal static class AlarmFormat
{
    /// <summary>JSON as AWS writes it into reasons and messages: <c>+</c>, quotes and non-ASCII text left as they are.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>5.0</c>, <c>0.25</c>, <c>1.0E10</c>: a double as Java prints it, which is how AWS's texts show values.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = Math.Abs(value);
        if (magnitude == 0 || (magnitude >= 1e-3 && magnitude < 1e7))
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        var mantissa = value / Math.Pow(10, exponent);
        var mantissaText = Math.Round(mantissa, 12).ToString("R", CultureInfo.InvariantCulture);
        return (mantissaText.Contains('.', StringComparison.Ordinal) ? mantissaText : mantissaText + ".0") + "E" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary><c>2026-11-26T01:21:30.123+0000</c>, the timestamps of reason data and notifications.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    /// <summary><c>26/11/26 01:20:00</c>, the datapoint times inside a state reason.</summary>
    public static string ReasonTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Writes a number as Java prints it (<c>5.0</c>, not <c>5</c>).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        WriteNumberValue(writer, value);
    }

    public static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteRawValue(Number(value));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
