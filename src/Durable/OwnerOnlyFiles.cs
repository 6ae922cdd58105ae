namespace Seamless.Durable;

/// <summary>
/// Creates state folders and files readable by their owner only (0700 / 0600 on Unix): the state holds
/// delivery records, alert payloads and orchestration inputs that other local users have no business
/// reading. On Windows the folder inherits the user profile's ACLs and these calls only create.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>Mode of state files: read and write by the owner.</summary>
    public const UnixFileMode OwnerFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode of a state folder Seamless creates: the owner only.</summary>
    public const UnixFileMode OwnerDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) as 0700. A folder that already exists keeps
    /// its mode: it may be one the user chose and shares on purpose; the files in it are owner-only anyway.
    /// </summary>
    public static void CreateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerDirectoryMode);
    }

    /// <summary>Creates an empty 0600 file when absent, else removes group and other access from the existing one.</summary>
    public static void EnsureFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using (OpenOrCreate(path, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }

        Restrict(path);
    }

    /// <summary>Opens (creating as 0600 when absent) a file; an existing file loses group and other access.</summary>
    public static FileStream OpenOrCreate(string path, FileAccess access, FileShare share)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFileMode;
        }

        var stream = new FileStream(path, options);
        Restrict(path);
        return stream;
    }

    /// <summary>Writes a whole file atomically (temporary 0600 file, then rename), so readers never see half of it.</summary>
    public static void WriteAllText(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(contents);
        string temporary = path + ".tmp";
        using (var stream = OpenOrCreate(temporary, FileAccess.Write, FileShare.None))
        {
            stream.SetLength(0);
            using var writer = new StreamWriter(stream);
            writer.Write(contents);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes group and other access from a file or folder if it exists (files made by older versions or by SQLite).</summary>
    public static void Restrict(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ~GroupOrOther);
        }
    }
}
