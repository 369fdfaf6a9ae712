using EdgeAlpr.Application.Evidence;
using EdgeAlpr.Application.Ports;
using EdgeAlpr.Core.Policy;

namespace EdgeAlpr.Application.UseCases;

/// <summary>
/// A person releases kept reads outside the unit: only for an authorised use, to a named
/// recipient, each read present and within retention and its images matching their capture
/// hashes. Any problem refuses the whole release before a byte is read, and the refusal is
/// audited with every reason; a release is recorded (kept, audited, forwarded) before the
/// package is put in place, so no package exists without its record.
/// </summary>
public sealed class ReleaseEvidence(IReadStore reads, IRetention retention, IDisseminationLog disseminations, IAuditLog audit)
{
    /// <summary>
    /// Gathers the reads for release, or refuses (<see cref="UseRefusedException"/>, audited).
    /// <paramref name="otherProblems"/> holds what the caller found wrong with the rest of the request
    /// (the recipient, the file): refused and audited with the rest.
    /// </summary>
    public IReadOnlyList<ExportRead> Gather(IReadOnlyList<Guid> readIds, AuthorisedUse use, IReadOnlyList<string>? otherProblems = null)
    {
        ArgumentNullException.ThrowIfNull(readIds);
        ArgumentNullException.ThrowIfNull(use);
        var problems = use.Problems().Concat(otherProblems ?? []).ToList();
        if (readIds.Count == 0)
        {
            problems.Add("name at least one read to export (--read ID)");
        }

        if (problems.Count > 0)
        {
            Refuse(readIds, use, problems);
        }

        List<Guid> wanted = readIds.Distinct().ToList();
        var found = new List<StoredRead?>(wanted.Count);
        foreach (Guid id in wanted)
        {
            StoredRead? read = reads.FindRead(id);
            found.Add(read);
            if (read is null)
            {
                problems.Add($"no read {id} in this store");
            }
            else if (!retention.IsWithinRetention(read))
            {
                problems.Add($"read {read.Id} is past its retention and may not be released");
            }
        }

        if (problems.Count > 0)
        {
            Refuse(readIds, use, problems);
        }

        // Images are read and checked only now, once the release is allowed.
        return reads
            .Gather(wanted)
            .Select((e, i) => e ?? throw new InvalidOperationException($"read {wanted[i]} left the store during the release"))
            .ToList();
    }

    /// <summary>Records a release: stored for the long term, audited and forwarded; the reads become evidence.</summary>
    public void Record(Dissemination record) => disseminations.RecordDissemination(record);

    private void Refuse(IReadOnlyList<Guid> readIds, AuthorisedUse use, List<string> problems)
    {
        audit.RecordAudit(
            "export_refused",
            subject: null,
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["case_number"] = use.CaseNumber?.Trim() ?? string.Empty,
                ["purpose"] = use.Purpose?.Trim() ?? string.Empty,
                ["requested_by"] = use.RequestedBy,
                ["reads"] = readIds,
                ["problems"] = problems,
            },
            use.RequestedBy
        );
        throw new UseRefusedException(problems);
    }
}
