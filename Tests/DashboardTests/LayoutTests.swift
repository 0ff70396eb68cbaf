import Foundation
import Testing

@testable import Dashboard
@testable import TerminalUI

@Suite struct LayoutTests {
  @Test func lengthsFirstThenFillsShareTheRest() {
    let rect = Rect(x: 2, y: 1, width: 10, height: 7)
    #expect(
      rect.columns([.length(3), .fill, .fill]).map(\.width) == [3, 4, 3])
    #expect(rect.columns([.length(3), .fill, .fill]).map(\.x) == [2, 5, 9])
    #expect(rect.rows([.length(2), .fill, .length(1)]).map(\.y) == [1, 3, 7])
    // Too little room: lengths are honoured in order, fills get nothing.
    #expect(rect.rows([.length(5), .fill, .length(5)]).map(\.height) == [5, 0, 2])
  }

  /// The frame the screens were drawn in by hand (x 22, y 2, width − 24, height − 5).
  @Test(arguments: [(80, 24), (120, 40), (97, 31)])
  func dashboardFrameKeepsTheScreensArea(width: Int, height: Int) {
    let frame = DashboardFrame(width: width, height: height)
    #expect(frame.main == Rect(x: 22, y: 2, width: width - 24, height: height - 5))
    #expect(frame.body == Rect(x: 0, y: 1, width: width, height: height - 3))
    #expect(frame.sidebarBorder.x == 20)
    #expect(frame.banner.y == height - 2 && frame.bottomBar.y == height - 1 && frame.captionRow == height - 3)
  }
}
