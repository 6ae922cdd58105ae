namespace Seamless.Workflows.Ports;

/// <summary>An Azure call failed; carries ARM's error code and message and whether a retry can help.</summary>
public class AzureRequestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AzureRequestException"/> class.</summary>
    public AzureRequestException(int status, string errorCode, string message, bool isRetryable, Exception? innerException = null)
        : base($"Azure returned {status} {errorCode}: {message}", innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        ErrorMessage = message;
        IsRetryable = isRetryable;
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestException"/> class.</summary>
    public AzureRequestException()
        : this(0, "Unknown", "unknown error", false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestException"/> class.</summary>
    public AzureRequestException(string message)
        : this(0, "Unknown", message, false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestException"/> class.</summary>
    public AzureRequestException(string message, Exception innerException)
        : this(0, "Unknown", message, false, innerException)
    {
    }

    /// <summary>Gets the HTTP status (0 for transport failures).</summary>
    public int Status { get; }

    /// <summary>Gets ARM's error code.</summary>
    public string ErrorCode { get; }

    /// <summary>Gets ARM's error message.</summary>
    public string ErrorMessage { get; }

    /// <summary>Gets a value indicating whether retrying may succeed (429, 5xx, timeouts, conflicts).</summary>
    public bool IsRetryable { get; }
}

/// <summary>409: another operation is in progress on the resource; retryable after a delay.</summary>
public sealed class AzureConflictException : AzureRequestException
{
    /// <summary>Initializes a new instance of the <see cref="AzureConflictException"/> class.</summary>
    public AzureConflictException(string errorCode, string message)
        : base(409, errorCode, message, isRetryable: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureConflictException"/> class.</summary>
    public AzureConflictException()
        : this("Conflict", "operation in progress")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureConflictException"/> class.</summary>
    public AzureConflictException(string message)
        : this("Conflict", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureConflictException"/> class.</summary>
    public AzureConflictException(string message, Exception innerException)
        : base(409, "Conflict", message, true, innerException)
    {
    }
}

/// <summary>A long-running operation reached a failed terminal state.</summary>
public sealed class AzureOperationFailedException : AzureRequestException
{
    /// <summary>Initializes a new instance of the <see cref="AzureOperationFailedException"/> class.</summary>
    public AzureOperationFailedException(string errorCode, string message)
        : base(200, errorCode, message, isRetryable: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureOperationFailedException"/> class.</summary>
    public AzureOperationFailedException()
        : this("OperationFailed", "the operation failed")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureOperationFailedException"/> class.</summary>
    public AzureOperationFailedException(string message)
        : this("OperationFailed", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureOperationFailedException"/> class.</summary>
    public AzureOperationFailedException(string message, Exception innerException)
        : base(200, "OperationFailed", message, false, innerException)
    {
    }
}

/// <summary>
/// Azure refused the request as made (400, 401, 403, 404, a 409 that is not an operation in progress, ...): repeating
/// it cannot succeed, so workflows do not retry it and say at once what Azure said.
/// </summary>
public sealed class AzureRequestRefusedException : AzureRequestException
{
    /// <summary>Initializes a new instance of the <see cref="AzureRequestRefusedException"/> class.</summary>
    public AzureRequestRefusedException(int status, string errorCode, string message)
        : base(status, errorCode, message, isRetryable: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestRefusedException"/> class.</summary>
    public AzureRequestRefusedException()
        : this(400, "BadRequest", "the request was refused")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestRefusedException"/> class.</summary>
    public AzureRequestRefusedException(string message)
        : this(400, "BadRequest", message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AzureRequestRefusedException"/> class.</summary>
    public AzureRequestRefusedException(string message, Exception innerException)
        : base(400, "BadRequest", message, false, innerException)
    {
    }
}
