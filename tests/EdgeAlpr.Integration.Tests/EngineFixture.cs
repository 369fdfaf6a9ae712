using EdgeAlpr.Models;
using EdgeAlpr.Recognition;

namespace EdgeAlpr.Integration.Tests;

/// <summary>Every model fetched into the checkout's models/, and one default engine shared by the tests that only read with it.</summary>
public sealed class EngineFixture : IDisposable
{
    public EngineFixture()
    {
        Fetcher = new ModelFetcher(ModelManifest.BuiltIn, new ModelStoreOptions());
        Fetcher.FetchAllAsync(CancellationToken.None).GetAwaiter().GetResult();
        Engine = PlateRecognitionEngine
            .CreateAsync(new RecognitionOptions(), Fetcher, TestPictures.Portable, null, CancellationToken.None)
            .GetAwaiter()
            .GetResult();
    }

    public ModelFetcher Fetcher { get; }

    public PlateRecognitionEngine Engine { get; }

    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}
