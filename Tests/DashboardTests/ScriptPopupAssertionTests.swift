import Billing
import DashboardRuntime
import Foundation
import Services
import TerminalUI
import Testing

@testable import Dashboard

/// `expect-popup` and `expect-no-popup`: assertions that text behind a pop-up cannot
/// pass, so a script can tell "the pop-up closed" from "the pop-up is still open over the
/// line I expected".
@Suite struct ScriptPopupAssertionTests {
  @Test func popupStepsParseAndRefuseExtraText() throws {
    let script = try KeystrokeScript.parse("expect-popup \"Keep subscription\"\nexpect-no-popup  # closed\n")
    #expect(script.lines.map(\.step) == [.expectPopup("Keep subscription"), .expectNoPopup])
    #expect(throws: KeystrokeScript.ParseError.self) { try KeystrokeScript.parse("expect-no-popup now") }
    #expect(throws: KeystrokeScript.ParseError.self) { try KeystrokeScript.parse("expect-popup Keep") }
  }

  @Test func popupAssertionsReadThePopupAloneAndFailWhenItStaysOpen() throws {
    let service = try ProxyDashService.temporary(clock: FixedClock(Fixtures.now))
    defer {
      service.store.close()
      try? FileManager.default.removeItem(at: service.store.directory)
    }
    try service.setCatalog(Fixtures.catalog, taxRates: Fixtures.taxRates, coupons: Fixtures.coupons)
    _ = try service.signUp(email: "ava@example.com", password: "correct horse 42", country: "US")
    let runtime = Runtime(state: AppState(width: 100, height: 30), service: service)
    try runtime.logIn(as: "ava@example.com")

    func run(_ source: String) throws -> Result<String, ScriptRunner.Failure> {
      ScriptRunner.run(try KeystrokeScript.parse(source), on: runtime, output: { _ in })
    }
    // The top bar's title is on the screen, behind the help pop-up, never inside it.
    let behind = "ProxyDash │"
    let opened = try run("press ?\nexpect \"\(behind)\"\nexpect-popup \"Go to Pricing\"\n")
    if case .failure(let failure) = opened { Issue.record("\(failure.message)\n\(failure.screen)") }
    guard case .failure(let inside) = try run("expect-popup \"\(behind)\"") else {
      Issue.record("text behind the pop-up passed expect-popup")
      return
    }
    #expect(inside.message == "expected \"\(behind)\" in the open pop-up")
    guard case .failure(let stillOpen) = try run("expect-no-popup") else {
      Issue.record("expect-no-popup passed with the help pop-up open")
      return
    }
    #expect(stillOpen.message == "expected no pop-up, one is open")

    #expect((try? run("press Esc\nexpect-no-popup\nexpect \"\(behind)\"").get()) != nil)
    guard case .failure(let none) = try run("expect-popup \"Go to Pricing\"") else {
      Issue.record("expect-popup passed with no pop-up open")
      return
    }
    #expect(none.message == "expected a pop-up showing \"Go to Pricing\", none is open")
  }
}
