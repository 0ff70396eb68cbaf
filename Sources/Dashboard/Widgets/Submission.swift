import TerminalUI

/// A form whose Save goes to a service stays open until the service answers: a refusal
/// (a name already taken, a wrong current password) lands on the form with everything
/// typed kept, and only success closes it (issue 15: the form closed and lost the input).
public struct Submission: Hashable, Sendable {
  /// Sent, no answer yet.
  public var isPending = false
  /// The service's refusal when no field of the form is named by it.
  public var problem: String?

  public init() {}

  /// Sends `effect`, keeping the form open for the answer.
  public mutating func send(_ effect: Effect) -> PopupResult {
    isPending = true
    problem = nil
    return .stay([.effect(effect)])
  }

  /// The service's answer to what was sent; nil when there is none pending or it is not
  /// the form's to show (the dashboard reloads, or shows a pop-up of its own). `field`
  /// places a refusal on the input it names and says whether it did.
  public mutating func receive(_ event: AppEvent, field: (Failure) -> Bool) -> PopupResult? {
    guard isPending else { return nil }
    switch event {
    case .done:
      isPending = false
      return .close
    case .failed(let failure) where failure.isForTheForm:
      isPending = false
      if !field(failure) { problem = failure.message }
      return .stay
    default: return nil
    }
  }

  /// Draws the refusal from row `y`; returns the rows used.
  public func render(into canvas: inout Canvas, y: Int, width: Int) -> Int {
    guard let problem else { return 0 }
    return canvas.paragraph("! " + problem, x: 0, y: y, width: width, style: .danger)
  }
}
