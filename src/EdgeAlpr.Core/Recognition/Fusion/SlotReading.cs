namespace EdgeAlpr.Core.Recognition.Fusion;

/// <summary>One OCR output for one plate: per-slot class probabilities (slot-major) and how much to trust this source.</summary>
public readonly record struct SlotReading(ReadOnlyMemory<float> Probabilities, int Slots, float Weight);
