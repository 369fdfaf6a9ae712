namespace EdgeAlpr.Storage.Salvage;

/// <summary>Which of the database's two files a salvage problem is in.</summary>
internal enum SalvageFile
{
    Data,
    Log,
}
