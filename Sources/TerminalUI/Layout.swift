/// How much of a row or column of rectangles one part takes (ratatui's `Constraint`).
public enum Constraint: Hashable, Sendable {
  /// Exactly this many cells, or what is left when there are fewer.
  case length(Int)
  /// An equal share of what the lengths leave.
  case fill
}

extension Rect {
  /// Splits the rectangle top to bottom: the lengths first, the fills share the rest.
  public func rows(_ constraints: [Constraint]) -> [Rect] {
    Self.sizes(constraints, total: height).map { Rect(x: x, y: y + $0.offset, width: width, height: $0.size) }
  }

  /// Splits the rectangle left to right: the lengths first, the fills share the rest.
  public func columns(_ constraints: [Constraint]) -> [Rect] {
    Self.sizes(constraints, total: width).map { Rect(x: x + $0.offset, y: y, width: $0.size, height: height) }
  }

  /// Lengths are honoured in order until the space runs out; fills split the rest evenly,
  /// the first ones taking a leftover cell.
  static func sizes(_ constraints: [Constraint], total: Int) -> [(offset: Int, size: Int)] {
    var left = max(0, total)
    var sizes = constraints.map { constraint -> Int in
      guard case .length(let length) = constraint else { return 0 }
      let size = min(max(0, length), left)
      left -= size
      return size
    }
    let fills = constraints.indices.filter { constraints[$0] == .fill }
    if !fills.isEmpty {
      let share = left / fills.count
      var extra = left % fills.count
      for index in fills {
        sizes[index] = share + (extra > 0 ? 1 : 0)
        extra -= 1
      }
    }
    var offset = 0
    return sizes.map { size in
      defer { offset += size }
      return (offset, size)
    }
  }
}
