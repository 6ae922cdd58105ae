// The scenarios speak the Durable Task SDK contract on both engines.
global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
