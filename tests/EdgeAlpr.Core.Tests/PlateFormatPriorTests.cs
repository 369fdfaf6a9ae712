using EdgeAlpr.Core.Plates;
using EdgeAlpr.Core.Recognition;

namespace EdgeAlpr.Core.Tests;

public class PlateFormatPriorTests
{
    private static readonly string[] Regions = ["United Kingdom", "United States", "Unknown"];

    private readonly PlateFormatPrior _prior = new();

    [Fact]
    public void A_reading_that_fits_its_region_is_fully_plausible_and_one_that_does_not_is_discounted()
    {
        float[] uk = [1f, 0f, 0f];
        Assert.Equal(1f, _prior.Plausibility("OY09FEU", Regions, uk), 5);
        Assert.Equal(PlateFormatPrior.DefaultMismatchFactor, _prior.Plausibility("OYO9FEU", Regions, uk), 5);
    }

    [Fact]
    public void Regions_without_formats_are_neutral()
    {
        float[] us = [0f, 1f, 0f];
        Assert.Equal(1f, _prior.Plausibility("CEMENT0", Regions, us), 5);
        Assert.Equal(1f, _prior.Plausibility("ANYTHING", Regions, [0f, 0f, 1f]), 5);
    }

    [Fact]
    public void Region_uncertainty_softens_the_discount()
    {
        float[] mixed = [0.5f, 0.5f, 0f];
        Assert.Equal(0.5f + (0.5f * PlateFormatPrior.DefaultMismatchFactor), _prior.Plausibility("OYO9FEU", Regions, mixed), 5);
    }

    [Fact]
    public void A_close_fitting_reading_is_chosen_and_the_rest_keep_their_order()
    {
        PlateCandidate[] candidates = [new("OYO9FEU", 0.40f), new("OY09FEU", 0.35f), new("OYO9FEV", 0.10f)];

        IReadOnlyList<PlateCandidate> chosen = _prior.ChooseBest(candidates, Regions, [1f, 0f, 0f]);

        Assert.Equal(["OY09FEU", "OYO9FEU", "OYO9FEV"], chosen.Select(c => c.Text));
        Assert.Equal(0.35f, chosen[0].Probability);
    }

    [Fact]
    public void A_far_more_likely_reading_that_fits_nothing_is_kept()
    {
        // A vanity or foreign plate: the OCR is far surer of it than of any fitting reading.
        PlateCandidate[] candidates = [new("MYCAR1", 0.90f), new("MY01CAR", 0.02f)];
        Assert.Equal("MYCAR1", _prior.ChooseBest(candidates, Regions, [1f, 0f, 0f])[0].Text);
    }
}
