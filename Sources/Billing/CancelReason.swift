/// Why a customer cancelled, when they chose to say (issue 15): optional, offered as a
/// short list in the cancel pop-up, kept with the cancellation and repeated in its email
/// so support can follow up.
public enum CancelReason: String, Codable, Hashable, Sendable, CaseIterable {
  case tooExpensive
  case notUsing
  case switchingProvider
  case technicalProblems
  case other

  /// The choice as the pop-up and the email word it.
  public var label: String {
    switch self {
    case .tooExpensive: "Too expensive"
    case .notUsing: "Not using it"
    case .switchingProvider: "Switching provider"
    case .technicalProblems: "Technical problems"
    case .other: "Other"
    }
  }
}
