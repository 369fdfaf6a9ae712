using EdgeAlpr.Core.Geometry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeAlpr.Core.Tests;

public class GeometryTests
{
    [Fact]
    public void Iou_of_identical_boxes_is_one_and_of_disjoint_boxes_zero()
    {
        var a = new BoundingBox(10, 10, 50, 30);
        Assert.Equal(1f, a.IntersectionOverUnion(a), 5);
        Assert.Equal(0f, a.IntersectionOverUnion(new BoundingBox(60, 10, 80, 30)));
        Assert.Equal(0f, a.IntersectionOverUnion(new BoundingBox(50, 10, 80, 30))); // touching edges share no area
    }

    [Fact]
    public void Iou_of_half_overlap_is_one_third()
    {
        var a = new BoundingBox(0, 0, 20, 10);
        var b = new BoundingBox(10, 0, 30, 10);
        Assert.Equal(1f / 3f, a.IntersectionOverUnion(b), 5);
    }

    [Fact]
    public void Expand_grows_by_a_fraction_of_the_box_on_each_side()
    {
        var box = new BoundingBox(100, 50, 200, 100).Expand(0.1f);
        Assert.Equal(new BoundingBox(90, 45, 210, 105), box);
    }

    [Fact]
    public void PixelRect_covers_fractional_boxes_and_is_clamped_to_the_image()
    {
        Assert.Equal(new PixelRect(10, 20, 6, 5), new BoundingBox(10.4f, 20.6f, 15.2f, 24.1f).ToPixelRect(100, 100));
        Assert.Equal(new PixelRect(0, 0, 30, 40), new BoundingBox(-5, -5, 30, 40).ToPixelRect(100, 100));
        Assert.Equal(new PixelRect(90, 90, 10, 10), new BoundingBox(90, 90, 130, 140).ToPixelRect(100, 100));
        Assert.True(new BoundingBox(120, 120, 130, 140).ToPixelRect(100, 100).IsEmpty);
    }

    [Theory]
    // 1920x1080 → 416x234, 91 pixels of padding above and below.
    [InlineData(1920, 1080, 416, 234, 0, 91, 0, 91)]
    // Portrait: width limited by height.
    [InlineData(600, 800, 312, 416, 52, 0, 52, 0)]
    // Odd padding puts the extra pixel at the bottom/right, as upstream does.
    [InlineData(1280, 721, 416, 234, 0, 91, 0, 91)]
    [InlineData(416, 415, 416, 415, 0, 0, 0, 1)]
    [InlineData(416, 416, 416, 416, 0, 0, 0, 0)]
    public void Letterbox_matches_the_upstream_preprocessing(int w, int h, int rw, int rh, int left, int top, int right, int bottom)
    {
        var t = LetterboxTransform.Compute(w, h, 416);
        Assert.Equal((rw, rh), (t.ResizedWidth, t.ResizedHeight));
        Assert.Equal((left, top, right, bottom), (t.PadLeft, t.PadTop, t.PadRight, t.PadBottom));
        Assert.Equal(416, t.PadLeft + t.ResizedWidth + t.PadRight);
        Assert.Equal(416, t.PadTop + t.ResizedHeight + t.PadBottom);
    }

    [Fact]
    public void Letterbox_rounds_halves_to_even_like_python()
    {
        // At 832 pixels wide the scale is exactly 0.5, so odd heights give exact halves.
        // Height 1 → 0.5 rounds to 0, and is clamped to one pixel so the resize stays valid.
        var sliver = LetterboxTransform.Compute(832, 1, 416);
        Assert.Equal(1, sliver.ResizedHeight);
        // 832 x 5: r = 0.5, height 2.5 rounds to 2 (half to even), not 3.
        Assert.Equal(2, LetterboxTransform.Compute(832, 5, 416).ResizedHeight);
        Assert.Equal(4, LetterboxTransform.Compute(832, 7, 416).ResizedHeight); // 3.5 → 4
    }

    [Fact]
    public void Letterbox_maps_a_known_box_back_to_the_source()
    {
        var t = LetterboxTransform.Compute(1920, 1080, 416);
        // Scale is 416/1920; a source box at (960, 540)-(1056, 588) sits at (208, 208)-(228.8, 218.4) in the letterbox.
        BoundingBox inLetterbox = new(208f, 91f + 117f, 228.8f, 91f + 127.4f);
        BoundingBox back = t.ToSource(inLetterbox);
        Assert.Equal(960f, back.X1, 1);
        Assert.Equal(540f, back.Y1, 1);
        Assert.Equal(1056f, back.X2, 1);
        Assert.Equal(588f, back.Y2, 1);
    }

    [Fact]
    public void Letterbox_clamps_boxes_that_reach_into_the_padding()
    {
        var t = LetterboxTransform.Compute(1920, 1080, 416);
        BoundingBox back = t.ToSource(new BoundingBox(-4, 10, 420, 400));
        Assert.Equal(new BoundingBox(0, 0, 1920, 1080), back);
    }

    [Fact]
    public void Letterbox_refuses_empty_images()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LetterboxTransform.Compute(0, 100, 416));
        Assert.Throws<ArgumentOutOfRangeException>(() => LetterboxTransform.Compute(100, 0, 416));
        Assert.Throws<ArgumentOutOfRangeException>(() => LetterboxTransform.Compute(100, 100, 0));
    }

    [Property(MaxTest = 300)]
    public Property Letterbox_round_trip_returns_boxes_inside_the_image()
    {
        Gen<(int W, int H, float X, float Y, float Bw, float Bh)> gen =
            from w in Gen.Choose(16, 4000)
            from h in Gen.Choose(16, 4000)
            from fx in Gen.Choose(0, 900)
            from fy in Gen.Choose(0, 900)
            from fw in Gen.Choose(1, 100)
            from fh in Gen.Choose(1, 100)
            select (w, h, fx / 1000f * w, fy / 1000f * h, fw / 1000f * w, fh / 1000f * h);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var t = LetterboxTransform.Compute(c.W, c.H, 416);
            var box = BoundingBox.FromXywh(c.X, c.Y, c.Bw, c.Bh).ClampTo(c.W, c.H);
            BoundingBox back = t.ToSource(t.ToLetterbox(box));
            float tolerance = 1e-3f * Math.Max(c.W, c.H);
            return Math.Abs(back.X1 - box.X1) <= tolerance
                && Math.Abs(back.Y1 - box.Y1) <= tolerance
                && Math.Abs(back.X2 - box.X2) <= tolerance
                && Math.Abs(back.Y2 - box.Y2) <= tolerance;
        });
    }

    [Property(MaxTest = 300)]
    public Property Letterbox_always_fills_the_square_exactly(PositiveInt w, PositiveInt h)
    {
        int width = 1 + (w.Get % 8000);
        int height = 1 + (h.Get % 8000);
        var t = LetterboxTransform.Compute(width, height, 416);
        return (
            t.PadLeft + t.ResizedWidth + t.PadRight == 416
            && t.PadTop + t.ResizedHeight + t.PadBottom == 416
            && t.ResizedWidth >= 1
            && t.ResizedHeight >= 1
            && Math.Max(t.ResizedWidth, t.ResizedHeight) == 416
        ).ToProperty();
    }
}
