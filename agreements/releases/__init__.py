"""Press releases read into a proposed agreement, offline and deterministically.

``text`` turns what staff paste or upload (.txt, .html, .pdf, .docx) into plain text
and says which language it is in; ``extract`` reads the genre — the dateline, the
lede that names the parties, quotes, bulleted benefits, "About …" sections — into
a ``ReleaseDraft`` whose every field carries the sentence it came from. Nothing here
writes to the database: the review screen does, once staff have checked the fields.
"""
