using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Policy;
using EdgeAlpr.Core.Retention;

namespace EdgeAlpr.Application.Tests;

internal sealed class FakeRetention : IRetention
{
    public HashSet<Guid> Expired { get; } = [];

    public bool IsWithinRetention(StoredRead read) => !Expired.Contains(read.Id);

    public PurgeReport Purge(bool dryRun, bool orphans = false, string actor = "agent") => throw new NotSupportedException();

    public long BytesOverQuota() => throw new NotSupportedException();

    public QuotaPlan EnforceQuota() => throw new NotSupportedException();
}

/// <summary>Releases kept in a list; as the port requires, a release of a request marks it approved, or is refused when it is not pending.</summary>
internal sealed class FakeDisseminations(FakeReleaseRequests? requests = null) : IDisseminationLog
{
    public List<Dissemination> Recorded { get; } = [];

    public bool Fail { get; init; }

    public void RecordDissemination(Dissemination record)
    {
        if (Fail)
        {
            throw new StoreException("disk full");
        }

        if (record.RequestId is { } id && requests is not null)
        {
            requests.Approve(id, record);
        }

        Recorded.Add(record);
    }

    public StoredDissemination? FindDissemination(Guid id) => throw new NotSupportedException();

    public IReadOnlyList<StoredDissemination> Disseminations(string? caseNumber = null) => throw new NotSupportedException();
}

internal sealed class FakeReleaseRequests : IReleaseRequests
{
    public Dictionary<Guid, ReleaseRequest> Kept { get; } = [];

    public void Submit(ReleaseRequest request) => Kept.Add(request.Id, request);

    public ReleaseRequest? FindRequest(Guid id) => Kept.GetValueOrDefault(id);

    public IReadOnlyList<ReleaseRequest> Requests(bool all = false) =>
        Kept.Values.Where(r => all || r.State == ReleaseRequestState.Pending).OrderBy(r => r.RequestedAt).ToList();

    public void Refuse(ReleaseRequest refused) => Decide(refused);

    public void Approve(Guid id, Dissemination record) =>
        Decide(
            Kept[id] with
            {
                State = ReleaseRequestState.Approved,
                DecidedAt = record.At,
                DecidedBy = record.ApprovedBy,
                DisseminationId = record.Id,
            }
        );

    private void Decide(ReleaseRequest decided)
    {
        if (Kept[decided.Id].DecidedProblem() is { } problem)
        {
            throw new UseRefusedException([problem]);
        }

        Kept[decided.Id] = decided;
    }
}

internal sealed class FakePackager(FakeDisseminations disseminations) : IEvidencePackager
{
    public List<ReleaseFile> Sealed { get; } = [];

    public bool PutInPlaceCalled { get; private set; }

    public bool RecordedBeforePutInPlace { get; private set; }

    public bool Discarded { get; private set; }

    public SealedPackage Seal(string destination, IReadOnlyList<ReleaseFile> files, DateTimeOffset at)
    {
        Sealed.AddRange(files);
        return new SealedPackage(destination, destination + ".partial", "pkg-1", "sha-of-package", 42, "passphrase");
    }

    public void PutInPlace(SealedPackage package)
    {
        PutInPlaceCalled = true;
        RecordedBeforePutInPlace = disseminations.Recorded.Count == 1;
    }

    public void Discard(SealedPackage package) => Discarded = true;
}
