"""Reads of the registry: lists, the review-due list and the counts the province reports."""
