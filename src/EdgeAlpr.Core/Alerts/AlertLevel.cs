namespace EdgeAlpr.Core.Alerts;

/// <summary>How urgent an alert sounds and looks; derived from the category's priority unless configured.</summary>
public enum AlertLevel
{
    Low,
    Standard,
    High,
    Critical,
}
