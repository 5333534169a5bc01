using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Gatehouse.Observability.Notifications;

namespace Gatehouse.UnitTests.Observability.Notifications;

public sealed class SnsMessageFormatTests
{
    private const string Topic = "arn:aws:sns:us-east-1:000000000000:alarms";

    private static SnsMessage Notification(string? subject) => new()
    {
        Type = SnsMessageType.Notification,
        MessageId = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        TopicArn = Topic,
        Subject = subject,
        Message = "Hello world!",
        Timestamp = "2012-05-02T00:54:06.655Z",
        UnsubscribeUrl = "http://127.0.0.1:8080/?Action=Unsubscribe&SubscriptionArn=" + Topic + ":c9135db0",
        SigningCertUrl = "http://127.0.0.1:8080/SimpleNotificationService-x.pem",
        Signature = "sig",
    };

    private static SnsMessage Confirmation(SnsMessageType type) => new()
    {
        Type = type,
        MessageId = "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        Token = "2336412f37",
        TopicArn = Topic,
        Message = "You have chosen to subscribe to the topic " + Topic + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
        SubscribeUrl = "http://127.0.0.1:8080/?Action=ConfirmSubscription&TopicArn=" + Topic + "&Token=2336412f37",
        Timestamp = "2012-04-26T20:45:04.751Z",
        SigningCertUrl = "http://127.0.0.1:8080/SimpleNotificationService-x.pem",
        Signature = "sig",
    };

    [Fact]
    public void CanonicalString_NotificationWithSubject_CoversSnsMembersInOrder() =>
        Assert.Equal(
            "Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nSubject\nMy First Message\nTimestamp\n2012-05-02T00:54:06.655Z\n" +
            $"TopicArn\n{Topic}\nType\nNotification\n",
            SnsMessageFormat.CanonicalString(Notification("My First Message")));

    [Fact]
    public void CanonicalString_NotificationWithoutSubject_LeavesSubjectOut() =>
        Assert.Equal(
            $"Message\nHello world!\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nTimestamp\n2012-05-02T00:54:06.655Z\nTopicArn\n{Topic}\nType\nNotification\n",
            SnsMessageFormat.CanonicalString(Notification(null)));

    [Theory]
    [InlineData(SnsMessageType.SubscriptionConfirmation)]
    [InlineData(SnsMessageType.UnsubscribeConfirmation)]
    public void CanonicalString_Confirmation_CoversSubscribeUrlAndToken(SnsMessageType type)
    {
        var message = Confirmation(type);
        Assert.Equal(
            $"Message\n{message.Message}\nMessageId\n{message.MessageId}\nSubscribeURL\n{message.SubscribeUrl}\nTimestamp\n{message.Timestamp}\n" +
            $"Token\n2336412f37\nTopicArn\n{Topic}\nType\n{type}\n",
            SnsMessageFormat.CanonicalString(message));
    }

    [Fact]
    public void Body_Notification_HasSnsMembersInSnsOrder()
    {
        var message = Notification("S") with { MessageAttributes = [new("color", "String", "blue"), new("blob", "Binary", "AQI=")] };
        using var json = JsonDocument.Parse(SnsMessageFormat.Body(message));
        Assert.Equal(
            ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Notification", json.RootElement.GetProperty("Type").GetString());
        Assert.Equal("1", json.RootElement.GetProperty("SignatureVersion").GetString());
        Assert.Equal("blue", json.RootElement.GetProperty("MessageAttributes").GetProperty("color").GetProperty("Value").GetString());
        Assert.Equal("Binary", json.RootElement.GetProperty("MessageAttributes").GetProperty("blob").GetProperty("Type").GetString());
    }

    [Fact]
    public void Body_NotificationWithoutSubjectOrAttributes_OmitsThem()
    {
        using var json = JsonDocument.Parse(SnsMessageFormat.Body(Notification(null)));
        Assert.False(json.RootElement.TryGetProperty("Subject", out _));
        Assert.False(json.RootElement.TryGetProperty("MessageAttributes", out _));
    }

    [Fact]
    public void Body_SubscriptionConfirmation_HasSnsMembersInSnsOrder()
    {
        using var json = JsonDocument.Parse(SnsMessageFormat.Body(Confirmation(SnsMessageType.SubscriptionConfirmation)));
        Assert.Equal(
            ["Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("\nTo confirm the subscription", json.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_Always_IsUtcWithMilliseconds() =>
        Assert.Equal("2012-04-26T20:45:04.751Z", SnsMessageFormat.Timestamp(new DateTimeOffset(2012, 4, 26, 22, 45, 4, 751, TimeSpan.FromHours(2))));
}

public sealed class SnsSigningKeyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gatehouse-sns-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sign_AnyVersion_VerifiesWithTheServedCertificate(int version)
    {
        using var key = SnsSigningKey.LoadOrCreate(_directory);
        const string canonical = "Message\nhi\nType\nNotification\n";
        var signature = Convert.FromBase64String(key.Sign(canonical, version));
        using var certificate = X509Certificate2.CreateFromPem(key.CertificatePem);
        using var rsa = certificate.GetRSAPublicKey()!;
#pragma warning disable CA5350 // SignatureVersion 1 is SHA1withRSA
        var hash = version == 2 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
#pragma warning restore CA5350
        Assert.True(rsa.VerifyData(Encoding.UTF8.GetBytes(canonical), signature, hash, RSASignaturePadding.Pkcs1));
        Assert.False(rsa.VerifyData(Encoding.UTF8.GetBytes(canonical + "x"), signature, hash, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void LoadOrCreate_Twice_KeepsTheKeyAndCertificate()
    {
        string pem, name, signature;
        using (var first = SnsSigningKey.LoadOrCreate(_directory))
        {
            (pem, name, signature) = (first.CertificatePem, first.CertificateFileName, first.Sign("x", 1));
        }

        using var second = SnsSigningKey.LoadOrCreate(_directory);
        Assert.Equal(pem, second.CertificatePem);
        Assert.Equal(name, second.CertificateFileName);
        Assert.Equal(signature, second.Sign("x", 1)); // PKCS#1 v1.5 signatures are deterministic
        Assert.Matches("^SimpleNotificationService-[0-9a-f]{32}\\.pem$", name);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_directory, "sns", "signing-key.pem")));
        }
    }

    [Theory]
    [InlineData("/SimpleNotificationService-0123.pem", true)]
    [InlineData("/SimpleNotificationService-0123.txt", false)]
    [InlineData("/v2/apis", false)]
    [InlineData(null, false)]
    public void IsCertificatePath_Path_RecognisesSnsCertificateNames(string? path, bool expected) =>
        Assert.Equal(expected, SnsSigningKey.IsCertificatePath(path));
}
