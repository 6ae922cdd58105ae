using System.Runtime.Versioning;

namespace Seamless.Durable.Tests;

/// <summary>State files are created readable by their owner only: the database, its -wal and -shm, and the folder.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class OwnerOnlyFilesTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "seamless-modes-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [UnixFact]
    public async Task StartNewAsync_NewFolder_DatabaseWalShmAndFolderOwnerOnly()
    {
        // Arrange
        string data = Path.Combine(_root, "data");

        // Act
        await using var engine = await DurableEngine.StartNewAsync(data, new DurableTaskRegistry());
        await engine.StateStore.TryWriteAsync("k", "v", null, default);

        // Assert: while the engine runs, WAL mode keeps -wal and -shm beside the database.
        File.GetUnixFileMode(data).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            string file = engine.DatabasePath + suffix;
            File.Exists(file).ShouldBeTrue(file);
            File.GetUnixFileMode(file).ShouldBe(OwnerOnly, file);
        }
    }

    [UnixFact]
    public async Task StartNewAsync_WorldReadableDatabaseFromBefore_RestrictedToOwner()
    {
        // Arrange: a database and WAL an older version left readable by everyone.
        string data = Path.Combine(_root, "old");
        Directory.CreateDirectory(data);
        await using (var first = await DurableEngine.StartNewAsync(data, new DurableTaskRegistry()))
        {
            await first.StateStore.TryWriteAsync("k", "v", null, default);
        }

        string database = Path.Combine(data, DurableEngineOptions.DatabaseFileName);
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(database, open);
        File.WriteAllText(database + "-wal", string.Empty);
        File.SetUnixFileMode(database + "-wal", open);

        // Act
        await using var engine = await DurableEngine.StartNewAsync(data, new DurableTaskRegistry());
        var read = await engine.StateStore.GetAsync("k", default);

        // Assert
        read!.Value.ShouldBe("v");
        File.GetUnixFileMode(database).ShouldBe(OwnerOnly);
        File.GetUnixFileMode(database + "-wal").ShouldBe(OwnerOnly);
    }

    [UnixFact]
    public void WriteAllText_NewFile_OwnerOnlyAndWholeContent()
    {
        // Arrange
        Directory.CreateDirectory(_root);
        string file = Path.Combine(_root, "scope.json");
        File.WriteAllText(file, "a much longer previous content");

        // Act
        OwnerOnlyFiles.WriteAllText(file, "{}");

        // Assert
        File.ReadAllText(file).ShouldBe("{}");
        File.GetUnixFileMode(file).ShouldBe(OwnerOnly);
        File.Exists(file + ".tmp").ShouldBeFalse();
    }
}
