// As in src/Durable: the engine implements the Durable Task SDK contract, so tests speak its types.
global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
