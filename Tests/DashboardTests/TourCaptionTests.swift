import Foundation
import TerminalUI
import Testing

@testable import Dashboard

/// Issue 15: the tour's captions were cut at 80 columns; the caption row shows
/// " ▶ caption " on one row, so each must fit in 80 − 4 columns.
@Suite struct TourCaptionTests {
  @Test func everyTourCaptionFitsAn80ColumnTerminal() throws {
    let tour = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("demo-data/tour.pdscript")
    let script = try KeystrokeScript.parse(String(contentsOf: tour, encoding: .utf8))
    var captions = 0
    for line in script.lines {
      guard case .caption(let text) = line.step else { continue }
      captions += 1
      #expect(TerminalText.width(text) <= 76, "\(TerminalText.width(text)) columns: \(text)")
    }
    #expect(captions >= 10)
  }
}
