namespace Seamless.Azure.Tests.Infrastructure;

/// <summary>A store on its own Azurite container, with the credential and the requests it sent.</summary>
public sealed record AzuriteStore(BlobStateStore Store, string Container, EmulatorTokenCredential Credential, RecordingHandler Recorder)
{
    public IReadOnlyList<RecordedRequest> Requests => Recorder.Requests;
}
