import KhoVocabulary
/// How long a job ran, as its report gives it.
extension ContinuousClock.Instant {
    /// Seconds from this instant until now.
    var secondsSince: Double {
        let elapsed = (ContinuousClock.now - self).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}
