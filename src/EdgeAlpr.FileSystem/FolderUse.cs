namespace EdgeAlpr.FileSystem;

/// <summary>What a folder holds, which decides who besides its owner may touch it.</summary>
public enum FolderUse
{
    /// <summary>
    /// Holds a settings file: nobody else may replace what is in it. A sticky folder (<c>/tmp</c>) is fine:
    /// others cannot replace a file there that is not theirs.
    /// </summary>
    Settings,

    /// <summary>The agent's own state (the hot list, the status file): only its owner writes there.</summary>
    State,

    /// <summary>
    /// The evidence store: only its owner writes, and others cannot even look in; its group may read (a backup
    /// agent), as PostgreSQL allows for its data folder.
    /// </summary>
    Evidence,
}
