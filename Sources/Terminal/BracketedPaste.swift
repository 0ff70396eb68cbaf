/// Collects the text between bracketed paste's markers (ESC[200~ … ESC[201~).
///
/// Everything in between is text, whatever it holds (R32): an ESC, an arrow key's
/// sequence, a `y`. The terminal normally sends the end marker; a paste whose end never
/// comes, or one longer than any field could take, is dropped whole rather than let its
/// rest arrive as keys or hold the program.
struct BracketedPaste {
  /// Longer pastes are dropped: no field takes more than a few hundred characters.
  static let maximumScalars = 16 * 1024
  /// A paste arrives in one burst; this long without its next byte, it has ended badly.
  static let silenceMilliseconds: Int32 = 1_000

  private var scalars = String.UnicodeScalarView()
  private(set) var isTooLong = false

  /// Adds one character read inside the paste.
  mutating func append(_ scalar: Unicode.Scalar) {
    guard !isTooLong else { return }
    if scalars.count >= Self.maximumScalars {
      isTooLong = true
      scalars = String.UnicodeScalarView()
    } else {
      scalars.append(scalar)
    }
  }

  /// The pasted text once the end marker came; nil when it is to be dropped.
  var text: String? { isTooLong ? nil : String(scalars) }
}
