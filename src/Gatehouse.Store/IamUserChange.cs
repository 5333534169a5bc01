using Gatehouse.Model.Iam;

namespace Gatehouse.Store;

/// <summary>A committed change to one IAM user: its new document, or null when the user was deleted.</summary>
public sealed record IamUserChange(string UserName, IamUserDocument? Document);
