namespace EdgeAlpr.HotLists;

/// <summary>
/// Columns of a list file that carry pictures: driver's-licence photos, mugshots and the like,
/// which listing sources sometimes export beside the plate. Recognised by name, so that they are
/// never read into the list.
/// </summary>
public static class PersonPhotoColumns
{
    // Anywhere in the name ("dl_photo", "DriverPhoto", "photo_base64", "mug_shot").
    private static readonly string[] Words =
    [
        "photo",
        "mugshot",
        "mug_shot",
        "portrait",
        "picture",
        "image",
        "headshot",
        "selfie",
        "likeness",
        "jpeg",
        "jpg",
        "thumbnail",
    ];

    // Only as a whole part of the name, since "face" is in "surface" and "pic" in "epic".
    private static readonly string[] Parts = ["face", "faces", "pic", "pics", "img", "mug", "png", "gif", "webp", "bmp", "thumb"];

    /// <summary>True for a column name (lower case, words joined by '_', as the reader makes them) that says it holds pictures.</summary>
    public static bool IsPhotoColumn(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string word in Words)
        {
            if (name.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (string part in name.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Array.IndexOf(Parts, part) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
