using System.Security.Cryptography;
using System.Text;

namespace Seamless.Durable;

/// <summary>Name-based UUID v5 (RFC 4122), as durabletask-dotnet's <c>NewGuid</c> computes it.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace the isolated worker uses (not the RFC DNS namespace).</summary>
    public static readonly Guid IsolatedNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    public static Guid Create(Guid namespaceId, string name)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] buffer = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(buffer.AsSpan(0, 16), bigEndian: true, out _);
        nameBytes.CopyTo(buffer, 16);

        // SHA-1 is what RFC 4122 v5 prescribes; this is an identifier, not a security boundary.
#pragma warning disable CA5350
        byte[] hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
