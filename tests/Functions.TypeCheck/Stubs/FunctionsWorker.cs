// Declarations only (functions-api.md §2, §3.1, §3.2, §3.4, §3.5): never executed.
#pragma warning disable
using Azure.Core.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }

    public enum AuthorizationLevel
    {
        Anonymous = 0,
        User = 1,
        Function = 2,
        System = 3,
        Admin = 4,
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class HttpTriggerAttribute : Attribute
    {
        public HttpTriggerAttribute() { }
        public HttpTriggerAttribute(params string[] methods) { }
        public HttpTriggerAttribute(AuthorizationLevel authLevel) { }
        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods) { }
        public string? Route { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class TimerTriggerAttribute(string schedule) : Attribute
    {
        public string Schedule { get; } = schedule;
        public bool RunOnStartup { get; set; }
        public bool UseMonitor { get; set; } = true;
    }

    public class TimerInfo
    {
        public ScheduleStatus? ScheduleStatus { get; set; }
        public bool IsPastDue { get; set; }
    }

    public class ScheduleStatus
    {
        public DateTime Last { get; set; }
        public DateTime Next { get; set; }
        public DateTime LastUpdated { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class DurableClientAttribute : Attribute
    {
        public string? TaskHub { get; set; }
        public string? ConnectionName { get; set; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class OrchestrationTriggerAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class ActivityTriggerAttribute : Attribute { }

    public abstract class FunctionContext
    {
        public abstract string InvocationId { get; }
        public abstract string FunctionId { get; }
        public abstract IServiceProvider InstanceServices { get; set; }
        public virtual CancellationToken CancellationToken { get; } = CancellationToken.None;
    }

    public class WorkerOptions
    {
        public ObjectSerializer? Serializer { get; set; }
    }

    public static class FunctionsApplicationInsightsExtensions
    {
        public static IServiceCollection ConfigureFunctionsApplicationInsights(this IServiceCollection services) => services;
    }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw new NotSupportedException("type-check stub");
    }

    public abstract class FunctionsApplicationBuilder
    {
        public abstract ConfigurationManager Configuration { get; }
        public abstract IServiceCollection Services { get; }
        public abstract ILoggingBuilder Logging { get; }
        public abstract IHostEnvironment Environment { get; }
        public abstract IHost Build();
    }

    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => builder;
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class ApplicationInsightsExtensions
    {
        public static IServiceCollection AddApplicationInsightsTelemetryWorkerService(this IServiceCollection services) => services;
    }
}
