"""policytrail: follow what a policy sector says over time."""

__version__ = "0.1.0"
