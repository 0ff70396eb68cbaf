import Dashboard
import Foundation
import Testing

@testable import proxydash

/// The demo template's description is read at every demo start; the sales team writes the
/// personas' texts, so any character must survive, and a damaged file must be refused.
@Suite struct DemoTemplateInfoTests {
  @Test func infoSurvivesTabsLineBreaksAndBackslashesInPersonaTexts() {
    let info = DemoTemplate.Info(
      now: Date(timeIntervalSince1970: 1_794_823_200.25),
      personas: [
        PersonaInfo(email: "ava@example.com", situation: "renews in 2 days · card 4242"),
        PersonaInfo(email: "odd\\name@example.com", situation: "tab\there\nand a line\r\\n not an escape"),
        PersonaInfo(email: "empty@example.com", situation: ""),
      ])
    let text = info.text
    #expect(text.split(separator: "\n").count == 5)
    #expect(DemoTemplate.Info(text: text) == info)
  }

  @Test func damagedOrForeignInfoIsRefused() {
    let good = DemoTemplate.Info(now: Date(timeIntervalSince1970: 0), personas: []).text
    #expect(DemoTemplate.Info(text: good) != nil)
    for damaged in [
      "", "{\"now\": \"2026-11-16T10:00:00Z\", \"personas\": []}",
      good.replacingOccurrences(of: "now 0.0", with: "now soon"),
      good.replacingOccurrences(of: "now 0.0", with: "now nan"), good + "persona a@b\n",
      good + "persona a@b\tx\ty\n", good + "persona a@b\tends in \\\n",
      good + "persona a@b\tbad \\q escape\n",
      good + "someone a@b\tx\n",
    ] {
      #expect(DemoTemplate.Info(text: damaged) == nil, "\(damaged)")
    }
  }
}
