using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.Iam;

namespace Gatehouse.ControlPlane.Iam;

/// <summary>IAM's output shapes in XML (<c>User</c>, <c>AccessKey</c>, <c>AccessKeyMetadata</c>), members as the service model names them.</summary>
internal static class IamShapes
{
    public static void User(QueryXmlWriter xml, IamUserDocument user, string accountId, bool withTags)
    {
        xml.Element("Path", user.Path);
        xml.Element("UserName", user.UserName);
        xml.Element("UserId", user.UserId);
        xml.Element("Arn", user.Arn(accountId));
        xml.Element("CreateDate", user.CreateDate);
        if (withTags && user.Tags.Count > 0)
        {
            xml.List("Tags", user.Tags, Tag);
        }
    }

    public static void Tag(QueryXmlWriter xml, IamTag tag)
    {
        xml.Element("Key", tag.Key);
        xml.Element("Value", tag.Value);
    }

    /// <summary>A new key with its secret: the only answer that ever carries it.</summary>
    public static void NewAccessKey(QueryXmlWriter xml, string userName, IamAccessKey key, string secret)
    {
        xml.Element("UserName", userName);
        xml.Element("AccessKeyId", key.AccessKeyId);
        xml.Element("Status", Status(key));
        xml.Element("SecretAccessKey", secret);
        xml.Element("CreateDate", key.CreateDate);
    }

    public static void AccessKeyMetadata(QueryXmlWriter xml, string userName, IamAccessKey key)
    {
        xml.Element("UserName", userName);
        xml.Element("AccessKeyId", key.AccessKeyId);
        xml.Element("Status", Status(key));
        xml.Element("CreateDate", key.CreateDate);
    }

    public static string Status(IamAccessKey key) => key.Active ? "Active" : "Inactive";
}
