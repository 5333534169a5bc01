namespace Gatehouse.Identity.Policies;

/// <summary>
/// A parsed and validated policy document, built once (at PutUserPolicy, at start, per authorizer response) and then
/// evaluated per request without further parsing. <see cref="Document"/> keeps the text as it was given.
/// </summary>
public sealed class CompiledPolicy
{
    internal CompiledPolicy(string? version, string? id, IReadOnlyList<PolicyStatement> statements, string document)
    {
        Version = version;
        Id = id;
        Statements = statements;
        Document = document;
        HasConditions = statements.Any(s => s.Conditions.Count > 0);
    }

    /// <summary>Whether any statement has a condition (else the request's condition keys need not be gathered).</summary>
    public bool HasConditions { get; }

    public string? Version { get; }
    public string? Id { get; }
    public IReadOnlyList<PolicyStatement> Statements { get; }
    public string Document { get; }

    /// <summary>This document alone: explicit deny wins, then allow, else implicit deny.</summary>
    public PolicyDecision Evaluate(string action, string resource, PolicyContext context) =>
        PolicyEvaluator.Evaluate([this], action, resource, context);

    public override string ToString() => $"CompiledPolicy {{ Statements = {Statements.Count} }}";
}
