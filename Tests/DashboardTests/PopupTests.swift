import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// A pop-up is modal and reads as one piece: the screen behind it is greyed out, and no
/// fragment of a word cut by its edge touches its border.
@Suite struct PopupTests {
  @Test(arguments: [(80, 24), (120, 40)])
  func cancelPopUpDimsTheScreenBehindAndKeepsAMargin(width: Int, height: Int) throws {
    var state = Fixtures.state(width: width, height: height)
    Fixtures.press([.character("c")], on: &state)
    let canvas = state.render()
    let rows = canvas.lines.indices.filter { canvas.lines[$0].contains("┌─ Cancel") }
    let top = try #require(rows.first)
    let left = try #require(canvas.lines[top].firstIndex(of: "┌")).utf16Offset(in: canvas.lines[top])
    let right = try #require(canvas.lines[top].firstIndex(of: "┐")).utf16Offset(in: canvas.lines[top])
    let bottom = try #require(canvas.lines.indices.first { $0 > top && canvas.lines[$0].contains("└") })
    for row in top...bottom {
      #expect(canvas[left - 1, row].text == " ", "row \(row) left of the pop-up")
      if right + 1 < canvas.width { #expect(canvas[right + 1, row].text == " ", "row \(row) right of it") }
    }
    // The sidebar's "1 Usage stats" is behind the pop-up's rows or above them: greyed.
    let sidebar = try #require(canvas.lines.firstIndex { $0.hasPrefix(" 1 U") })
    #expect(canvas[1, sidebar].style.role == .muted)
  }
}
