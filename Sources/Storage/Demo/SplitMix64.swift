/// A small seeded generator (SplitMix64), so demo usage is the same on every machine
/// and every run: the standard library's generators are neither seeded nor stable.
public struct SplitMix64: Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1) from the top 53 bits: plain arithmetic, identical everywhere.
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }

  /// Triangular in (-1, 1), centred on 0: noise without transcendental functions.
  mutating func symmetric() -> Double {
    unit() + unit() - 1
  }

  /// A stable 64-bit hash of a string (FNV-1a); `String.hashValue` changes per process.
  static func hash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01B3
    }
    return hash
  }
}
