/// Nearest-color mapping for terminals that cannot show `#rrggbb` directly.
///
/// For 256 colors, plain squared RGB distance: themes pick their colors from the xterm
/// palette anyway, so exact hits dominate. For 8 colors distance fails (mid grey is
/// nearer yellow than white), so those are chosen by hue: greys go to black or white,
/// other colors switch on each channel near their brightest one.
public enum ColorMapping {
  /// The six channel levels of xterm's 6×6×6 color cube (indexes 16–231).
  public static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  /// xterm's default RGB for the 16 ANSI colors.
  static let ansiRGB: [(Int, Int, Int)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
    (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
    (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
    (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
  ]

  /// The RGB xterm shows for palette `index` (clamped to 0–255).
  public static func rgb(ofXterm256 index: Int) -> (red: Int, green: Int, blue: Int) {
    let index = min(max(index, 0), 255)
    if index < 16 {
      let c = ansiRGB[index]
      return (c.0, c.1, c.2)
    }
    if index >= 232 {
      let level = 8 + 10 * (index - 232)
      return (level, level, level)
    }
    let cube = index - 16
    return (cubeLevels[cube / 36], cubeLevels[cube / 6 % 6], cubeLevels[cube % 6])
  }

  /// The palette index (16–255: the cube and the grey ramp) closest to an RGB color. The
  /// first 16 are left out because users re-color them in their terminal settings.
  public static func nearestXterm256(red: UInt8, green: UInt8, blue: UInt8) -> Int {
    nearest(in: 16...255, to: (Int(red), Int(green), Int(blue)))
  }

  /// The ANSI color (0–7) that best stands for an RGB color.
  public static func nearestBasic8(red: UInt8, green: UInt8, blue: UInt8) -> Int {
    basic8(Int(red), Int(green), Int(blue))
  }

  private static func basic8(_ red: Int, _ green: Int, _ blue: Int) -> Int {
    let high = max(red, green, blue)
    if high - min(red, green, blue) < 64 {
      return (red + green + blue) / 3 >= 100 ? 7 : 0
    }
    let threshold = high * 3 / 5
    return (red >= threshold ? 1 : 0) + (green >= threshold ? 2 : 0) + (blue >= threshold ? 4 : 0)
  }

  /// The ANSI color (0–7) closest to palette `index`.
  public static func nearestBasic8(ofXterm256 index: Int) -> Int {
    if (0...7).contains(index) { return index }
    let c = rgb(ofXterm256: index)
    return basic8(c.red, c.green, c.blue)
  }

  private static func nearest(in candidates: ClosedRange<Int>, to target: (Int, Int, Int)) -> Int {
    var best = candidates.lowerBound
    var bestDistance = Int.max
    for index in candidates {
      let c = rgb(ofXterm256: index)
      let distance =
        square(c.red - target.0) + square(c.green - target.1) + square(c.blue - target.2)
      if distance < bestDistance {
        best = index
        bestDistance = distance
      }
    }
    return best
  }

  private static func square(_ value: Int) -> Int { value * value }
}
