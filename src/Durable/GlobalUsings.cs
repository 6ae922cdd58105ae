// The engine implements the Durable Task SDK contract: its failure, status and query types are the SDK's.
global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
