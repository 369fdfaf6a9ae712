namespace EdgeAlpr.Storage.Salvage;

/// <summary>What a LiteDB 5 page holds, as its byte 4 says. Only header and data pages matter to a salvage.</summary>
internal enum LitePageType : byte
{
    Empty = 0,
    Header = 1,
    Collection = 2,
    Index = 3,
    Data = 4,
}
