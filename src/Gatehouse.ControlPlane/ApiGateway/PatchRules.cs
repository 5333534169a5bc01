namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>
/// The apigateway v1 patch semantics, in one place for every <c>update-*</c>: which paths a resource accepts, with which
/// ops, and how each changes it. A path pattern is literal segments and <c>{}</c> placeholders (one decoded segment
/// each, so <c>application~1json</c> is one segment). <c>move</c> and <c>copy</c> read the value at <c>from</c> through
/// the rule's getter and apply it as an <c>add</c>; <c>test</c> compares it. Operations apply in order to a copy; any
/// error leaves the resource unchanged.
/// </summary>
/// <typeparam name="T">The immutable resource being patched.</typeparam>
public sealed class PatchRules<T>
{
    private readonly List<Rule> _rules = [];
    private readonly string _inputName;
    private Func<PatchOps, string, string> _invalidPath = static (_, path) => $"Invalid patch path {path}";
    private Func<PatchOps, string, PatchOps, string> _invalidOp = static (_, _, allowed) => DefaultInvalidOp(allowed);

    /// <param name="inputName">The operation's input shape in camelCase (<c>updateRestApiInput</c>), named by AWS's validation errors.</param>
    public PatchRules(string inputName) => _inputName = inputName;

    /// <summary>Adds a path with the ops it accepts and how it applies; <paramref name="get"/> lets it be read (move, copy, test).</summary>
    public PatchRules<T> On(string pattern, PatchOps ops, Func<T, PatchContext, T> apply, Func<T, PatchContext, string?>? get = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var segments = PatchPath.Split(pattern) ?? throw new ArgumentException("A pattern starts with /", nameof(pattern));
        _rules.Add(new Rule(segments, ops, apply, get));
        return this;
    }

    /// <summary>The message for a path no rule matches (default: AWS's <c>Invalid patch path {path}</c>).</summary>
    public PatchRules<T> InvalidPath(Func<PatchOps, string, string> message)
    {
        _invalidPath = message;
        return this;
    }

    /// <summary>The message for an op a matched path does not accept.</summary>
    public PatchRules<T> InvalidOp(Func<PatchOps, string, PatchOps, string> message)
    {
        _invalidOp = message;
        return this;
    }

    /// <summary>The paths the rules accept for an op, as AWS lists them in its messages.</summary>
    public IEnumerable<string> PathsFor(PatchOps op) =>
        _rules.Where(r => (r.Ops & op) != 0).Select(r => "/" + string.Join('/', r.Segments));

    /// <summary>Applies every operation in order; throws AWS's error for the first that cannot apply.</summary>
    public T Apply(T target, IReadOnlyList<PatchOperation>? operations)
    {
        operations ??= [];
        Validate(operations);
        var current = target;
        foreach (var operation in operations)
        {
            current = ApplyOne(current, operation);
        }

        return current;
    }

    /// <summary>
    /// Throws AWS's ValidationException for every op outside AWS's enum and every error in
    /// <paramref name="otherErrors"/> (the request path's own constraints, such as a status code's pattern), reported
    /// together after the ops as AWS reports them, before anything is looked up.
    /// </summary>
    public void Validate(IReadOnlyList<PatchOperation>? operations, IEnumerable<string>? otherErrors = null)
    {
        operations ??= [];
        var errors = new List<string>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (PatchOpNames.Parse(operations[i].Op) == PatchOps.None)
            {
                errors.Add($"Value '{operations[i].Op}' at '{_inputName}.patchOperations.{i + 1}.member.op' failed to satisfy constraint: " +
                    $"Member must satisfy enum value set: {PatchOpNames.EnumText}");
            }
        }

        errors.AddRange(otherErrors ?? []);
        if (errors.Count > 0)
        {
            throw PatchErrors.ValidationException(errors);
        }
    }

    private T ApplyOne(T current, PatchOperation operation)
    {
        var op = PatchOpNames.Parse(operation.Op);
        var path = operation.Path ?? "null";
        var (rule, captures) = Match(operation.Path, op);
        if (rule is null)
        {
            throw AwsException.BadRequest(_invalidPath(op, path));
        }

        if ((rule.Ops & op) == 0)
        {
            throw AwsException.BadRequest(_invalidOp(op, path, rule.Ops));
        }

        switch (op)
        {
            case PatchOps.Move or PatchOps.Copy:
                {
                    var (source, sourceCaptures) = Match(operation.From, PatchOps.None);
                    if (source?.Get is null)
                    {
                        throw AwsException.BadRequest($"Invalid {Name(op)} operation with path: {path} and from {operation.From ?? "null"}");
                    }

                    var value = source.Get(current, new PatchContext(op, operation.From!, null, sourceCaptures))
                        ?? throw AwsException.BadRequest($"Invalid {Name(op)} operation: nothing at from {operation.From}");
                    if (op == PatchOps.Move)
                    {
                        current = source.Apply(current, new PatchContext(PatchOps.Remove, operation.From!, null, sourceCaptures));
                    }

                    return rule.Apply(current, new PatchContext(PatchOps.Add, path, value, captures));
                }

            case PatchOps.Test:
                {
                    var actual = rule.Get?.Invoke(current, new PatchContext(op, path, null, captures));
                    if (!string.Equals(actual, operation.Value, StringComparison.Ordinal))
                    {
                        throw AwsException.BadRequest($"Patch operation test failed: the value at {path} is not '{operation.Value}'");
                    }

                    return current;
                }

            default:
                return rule.Apply(current, new PatchContext(op, path, operation.Value, captures));
        }
    }

    /// <summary>The first rule whose pattern matches the path and accepts the op, else the first whose pattern matches.</summary>
    private (Rule? Rule, string[] Captures) Match(string? path, PatchOps op)
    {
        var segments = PatchPath.Split(path);
        if (segments is null)
        {
            return (null, []);
        }

        (Rule? Rule, string[] Captures) first = (null, []);
        foreach (var rule in _rules)
        {
            if (rule.Segments.Length != segments.Length)
            {
                continue;
            }

            var captures = new List<string>();
            var matched = true;
            for (var i = 0; i < segments.Length && matched; i++)
            {
                if (rule.Segments[i] == "{}")
                {
                    matched = segments[i].Length > 0;
                    captures.Add(segments[i]);
                }
                else
                {
                    matched = rule.Segments[i] == segments[i];
                }
            }

            if (matched && ((rule.Ops & op) != 0 || op == PatchOps.None))
            {
                return (rule, [.. captures]);
            }

            if (matched && first.Rule is null)
            {
                first = (rule, [.. captures]);
            }
        }

        return first;
    }

    private static string Name(PatchOps op) => PatchOpNames.Names(op).Single();

    private static string DefaultInvalidOp(PatchOps allowed)
    {
        var names = PatchOpNames.Names(allowed).ToList();
        return names.Count == 1
            ? $"Invalid patch operation specified. Must be one of: [{names[0]}]"
            : $"Invalid patch operation specified. Must be {string.Join('|', names.Select(n => $"'{n}'"))}";
    }

    private sealed record Rule(string[] Segments, PatchOps Ops, Func<T, PatchContext, T> Apply, Func<T, PatchContext, string?>? Get);
}
