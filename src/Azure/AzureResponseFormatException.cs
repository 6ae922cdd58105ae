using Seamless.Workflows.Ports;

namespace Seamless.Azure;

/// <summary>A success response whose body does not have the documented shape.</summary>
public sealed class AzureResponseFormatException : AzureRequestException
{
    /// <summary>Initializes a new instance of the <see cref="AzureResponseFormatException"/> class.</summary>
    public AzureResponseFormatException()
        : this("The response body does not have the expected shape.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureResponseFormatException"/> class.</summary>
    public AzureResponseFormatException(string message)
        : base(200, "InvalidResponse", message, isRetryable: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureResponseFormatException"/> class.</summary>
    public AzureResponseFormatException(string message, Exception innerException)
        : base(200, "InvalidResponse", message, isRetryable: false, innerException)
    {
    }
}
