using System.Diagnostics.CodeAnalysis;

namespace Gatehouse.Identity.SigV4;

/// <summary>
/// The outcome of <see cref="SigV4Verifier.Verify"/>: the caller's credential and the scope it signed for, or the error
/// to answer with.
/// </summary>
public readonly struct SigV4Result
{
    private SigV4Result(AccessKeyCredential? credential, SigV4Scope scope, SigV4Error? error)
    {
        Credential = credential;
        Scope = scope;
        Error = error;
    }

    /// <summary>The verified caller; null on failure.</summary>
    public AccessKeyCredential? Credential { get; }

    /// <summary>The credential scope the request was signed for; default on failure.</summary>
    public SigV4Scope Scope { get; }

    /// <summary>Why the request was refused; null on success.</summary>
    public SigV4Error? Error { get; }

    [MemberNotNullWhen(true, nameof(Credential))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    internal static SigV4Result Success(AccessKeyCredential credential, SigV4Scope scope) => new(credential, scope, null);

    internal static SigV4Result Failure(SigV4Error error) => new(null, default, error);

    public override string ToString() =>
        Succeeded ? $"Authenticated {Credential.AccessKeyId} for {Scope.Service} in {Scope.Region}" : $"{Error.Code}: {Error.Message}";
}
