import Dashboard
import DashboardRuntime
import Foundation
import Terminal
import TerminalUI

/// `demo --autoplay`: plays the tour script on the live demo, paced for an audience.
/// Any key pauses or resumes; Esc leaves the tour into the live demo where it stands.
struct Tour {
  let script: KeystrokeScript
  let speed: Double

  /// Pauses, in milliseconds at speed 1.
  static let keyPause = 700.0
  static let captionPause = 3200.0

  func play(on runtime: Runtime, session: TerminalSession) {
    for (index, line) in script.lines.enumerated() {
      switch line.step {
      case .press(let keys):
        for key in keys {
          guard wait(Self.keyPause, runtime: runtime, session: session) else { return leave(runtime) }
          runtime.send(.key(key))
        }
      case .type(let text):
        for character in text {
          guard wait(Self.keyPause / 4, runtime: runtime, session: session) else { return leave(runtime) }
          runtime.send(.key(.character(character)))
        }
      case .paste(let text):
        guard wait(Self.keyPause, runtime: runtime, session: session) else { return leave(runtime) }
        runtime.send(.paste(text))
      case .caption(let text):
        runtime.send(.caption(text))
        // The last caption waits for the audience, not the clock (`finish`): a key
        // meant for the live demo must not pause a tour that has ended.
        if index == script.lines.count - 1 { break }
        guard wait(Self.captionPause, runtime: runtime, session: session) else { return leave(runtime) }
      case .advance(let seconds, let months):
        if months > 0 { runtime.advanceClock(months: months) } else { runtime.advanceClock(by: seconds) }
      case .resize, .expect, .expectNot, .expectPopup, .expectNoPopup, .screen:
        // Checked when CI runs the tour headless; the audience's terminal keeps its size.
        break
      }
      if runtime.shouldQuit { return }
    }
    finish(on: runtime, session: session)
  }

  /// The last caption invites the audience to explore: it stays until the first key,
  /// then goes, and that key does what it does in the live demo (`R` resets).
  private func finish(on runtime: Runtime, session: TerminalSession) {
    while true {
      session.draw(runtime.render())
      guard let input = session.nextInput(timeoutMilliseconds: nil) else { return leave(runtime) }
      switch input {
      case .resize(let width, let height):
        runtime.send(.resize(width: width, height: height))
      case .key(.control("c")):
        return leave(runtime)
      case .key(let key):
        leave(runtime)
        return runtime.send(.key(key))
      case .paste(let text):
        leave(runtime)
        return runtime.send(.paste(text))
      }
    }
  }

  private func leave(_ runtime: Runtime) {
    runtime.send(.caption(nil))
  }

  /// Draws, then waits `milliseconds / speed`; a key pauses until the next key, Esc
  /// ends the tour (returns false). Resizes are passed on.
  private func wait(_ milliseconds: Double, runtime: Runtime, session: TerminalSession) -> Bool {
    session.draw(runtime.render())
    var deadline = ContinuousClock.now + .milliseconds(Int(milliseconds / speed))
    var paused = false
    var caption = runtime.state.caption
    while paused || ContinuousClock.now < deadline {
      let left = paused ? 1_000 : max(1, Int32(Self.millisecondsLeft(until: deadline)))
      guard let input = session.nextInput(timeoutMilliseconds: left) else { continue }
      switch input {
      case .resize(let width, let height):
        runtime.send(.resize(width: width, height: height))
      case .key(.escape), .key(.control("c")):
        return false
      case .key, .paste:
        paused.toggle()
        if paused { caption = runtime.state.caption }
        runtime.send(.caption(paused ? "Paused — any key resumes, Esc leaves the tour." : caption))
        if !paused { deadline = ContinuousClock.now + .milliseconds(300) }
      }
      session.draw(runtime.render())
    }
    return true
  }

  private static func millisecondsLeft(until deadline: ContinuousClock.Instant) -> Double {
    let left = deadline - ContinuousClock.now
    return Double(left.components.seconds) * 1000 + Double(left.components.attoseconds) / 1e15
  }
}
