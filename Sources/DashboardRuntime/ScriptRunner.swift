import Dashboard
import Foundation

/// Runs a keystroke script against the real dashboard, headless (`proxydash script`).
public struct ScriptRunner {
  public struct Failure: Error, Sendable {
    public var line: KeystrokeScript.Line
    public var screen: String
    public var message: String
  }

  /// Runs every step; returns the screens printed by `screen` and the final screen, or
  /// the first failed expectation.
  public static func run(
    _ script: KeystrokeScript, on runtime: Runtime, output: (String) -> Void
  ) -> Result<String, Failure> {
    for line in script.lines {
      if runtime.shouldQuit { break }
      switch line.step {
      case .press(let keys):
        for key in keys { runtime.send(.key(key)) }
      case .type(let text):
        for character in text { runtime.send(.key(.character(character))) }
      case .paste(let text):
        runtime.send(.paste(text))
      case .expect(let text):
        let screen = runtime.render().text
        if !screen.contains(text) {
          return .failure(Failure(line: line, screen: screen, message: "expected \"\(text)\" on the screen"))
        }
      case .expectNot(let text):
        let screen = runtime.render().text
        if screen.contains(text) {
          return .failure(
            Failure(line: line, screen: screen, message: "did not expect \"\(text)\" on the screen"))
        }
      case .expectPopup(let text):
        guard let popup = runtime.state.popupText else {
          return .failure(
            Failure(
              line: line, screen: runtime.render().text,
              message: "expected a pop-up showing \"\(text)\", none is open"
            ))
        }
        if !popup.contains(text) {
          return .failure(
            Failure(
              line: line, screen: runtime.render().text, message: "expected \"\(text)\" in the open pop-up"))
        }
      case .expectNoPopup:
        if runtime.state.popupText != nil {
          return .failure(
            Failure(line: line, screen: runtime.render().text, message: "expected no pop-up, one is open"))
        }
      case .resize(let width, let height):
        runtime.send(.resize(width: width, height: height))
      case .advance(let seconds, let months):
        guard runtime.demoClock != nil else {
          return .failure(
            Failure(
              line: line, screen: runtime.render().text,
              message: "advance needs the demo clock (--demo or --now)"))
        }
        if months > 0 { runtime.advanceClock(months: months) } else { runtime.advanceClock(by: seconds) }
      case .screen:
        output(runtime.render().text)
      case .caption(let text):
        runtime.send(.caption(text))
      }
      // A step is one read of the keyboard, with a frame after it: keys of one `press`
      // reach a payment, cancel or refund pop-up only when an earlier step opened it (R32).
      runtime.markFrameShown()
    }
    return .success(runtime.render().text)
  }
}
