"""The errors termsearch reports to its faces. Each kind carries the HTTP status the web answers
with and a one-line message: the CLI prints the message and exits with code 2, the web answers
with the status and the kind's public message (which never names a path on the server)."""
from __future__ import annotations


class TermsearchError(Exception):
    """Base of the errors the library reports to its faces as one-line messages."""

    status = 500
    public = ""         # what a web client is told instead of the message, when the message names paths

    @property
    def message(self) -> str:
        """The one-line message for whoever ran the command."""
        return " ".join(str(self).split()) or type(self).__name__

    @property
    def public_message(self) -> str:
        """The message for a web client."""
        return self.public or self.message


class IngestError(TermsearchError):
    """A file could not be read or parsed; the message names the file."""

    status = 400


class NothingToIndex(IngestError):
    """A file with no text by design (a site's section page: Markdown front matter and nothing
    else): a build skips it with a note rather than report an error."""


class NothingIndexed(IngestError):
    """A build found no document to index (no such path, an empty folder, no report files, or
    every file refused): nothing was written, and the index there, if any, is left as it was."""


class QueryError(TermsearchError):
    """What was typed (a query, a parameter) cannot be searched; the message says why."""

    status = 400


class NotFound(TermsearchError):
    """No such term, document or year in the index; the message names what was asked for."""

    status = 404


class BuildLocked(TermsearchError):
    """Another build is running on this index: try again when it has finished."""

    status = 409
    public = "another build is running on this index; try again when it has finished"


class BuildFailed(TermsearchError):
    """A build could not write (disk full, read-only folder); the previous index is unchanged."""

    public = "the index could not be written; the previous index is unchanged"


class IndexUnavailable(TermsearchError):
    """There is no index to answer from: not built, built by an older termsearch, or damaged."""

    status = 503
    public = "the index cannot be read"


class IndexMissing(IndexUnavailable):
    """There is no index at the given place yet."""

    public = "the index is not built yet"


class IndexOutdated(IndexUnavailable):
    """The index was built by an older termsearch, whose format this one does not read."""

    public = "the index was built by an older termsearch and must be rebuilt (termsearch index)"


class IndexDamaged(IndexUnavailable):
    """The index lost a file or was cut short, and no earlier whole build is left to serve."""

    public = "the index is damaged and must be rebuilt (termsearch index)"
