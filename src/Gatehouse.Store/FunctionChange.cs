using Gatehouse.Model.Functions;

namespace Gatehouse.Store;

/// <summary>A committed change to one Lambda function: its new document, or null when the function was deleted.</summary>
public sealed record FunctionChange(string FunctionName, FunctionDocument? Document);
