using System.Globalization;
using System.Text;

namespace EdgeAlpr.Core.Policy;

/// <summary>
/// The notice that travels with every release of ALPR data (DISCLAIMER.txt in the package):
/// what the data is and is not, the verification a hit needs before any action, and the limits
/// on further use, with the release's own case, purpose and recipient.
/// </summary>
public static class ReleaseDisclaimer
{
    public static string Text(Dissemination d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var text = new StringBuilder();
        text.AppendLine("AUTOMATED LICENSE PLATE READER (ALPR) DATA - LAW ENFORCEMENT SENSITIVE");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Released:          {d.At:yyyy-MM-dd HH:mm:ss} UTC (dissemination {d.Id})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Case number:       {d.CaseNumber}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Purpose:           {d.Purpose}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Requested by:      {d.RequestedBy}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Recipient agency:  {d.RecipientAgency}");
        if (d.RecipientOri is { } ori)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Recipient ORI:     {ori}");
        }

        if (d.RecipientKind is { } kind)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Recipient kind:    {RecipientKinds.Name(kind)}");
        }

        if (d.RequestId is { } request)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Release request:   {request}, approved by {d.ApprovedBy}");
        }

        text.AppendLine(
            CultureInfo.InvariantCulture,
            $"Law-enforcement status of the recipient: {(d.RecipientVerified ? $"verified by {d.VerifiedBy}" : "NOT VERIFIED at release")}"
        );
        text.AppendLine(CultureInfo.InvariantCulture, $"Released by:       {d.ReleasedBy}");
        text.AppendLine();
        text.AppendLine("This package holds ALPR reads: images of vehicle license plates with the date, time and");
        text.AppendLine("location of capture, released for the law-enforcement purpose above only.");
        text.AppendLine();
        text.AppendLine("1. A read is not by itself proof of any offence, nor of who drove the vehicle. Plate text is");
        text.AppendLine("   read by machine and may be wrong: compare it with the plate image.");
        text.AppendLine("2. A hot-list hit is only a potential hit. Confirm it through NCIC/LEADS or the entering");
        text.AppendLine("   agency BEFORE any enforcement action; the list may have changed since the read.");
        text.AppendLine("3. Use this data for law-enforcement purposes only. Do not pass it on except to another");
        text.AppendLine("   law-enforcement agency for a law-enforcement purpose, and record every such release.");
        text.AppendLine("4. The images are the original bytes as captured; manifest.sha256 lists their SHA-256, and");
        text.AppendLine("   metadata.json the SHA-256 each had at capture. Keep the package encrypted at rest.");
        text.AppendLine("5. Retain and destroy this data as your agency's retention rules and the releasing");
        text.AppendLine("   agency's directive require.");
        return text.ToString();
    }
}
