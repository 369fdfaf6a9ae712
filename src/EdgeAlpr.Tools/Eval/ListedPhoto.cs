using EdgeAlpr.Core.Tracking;

namespace EdgeAlpr.Tools.Eval;

/// <summary>One photo's reads for the alert measure.</summary>
/// <param name="File">The photo's file name.</param>
/// <param name="Listed">Whether the photo's labelled plates are on the hot list (dataset) or not (passing traffic).</param>
/// <param name="Truths">The plates the photo shows, as labelled (none for unlabelled passing photos): an alert on one of them is right, listed or not.</param>
/// <param name="Passes">What the photo's plates became, as the agent makes them (one frame, one pass per plate).</param>
public sealed record ListedPhoto(string File, bool Listed, IReadOnlyList<string> Truths, IReadOnlyList<PlatePass> Passes);
