"""Ingestion: files in, a cleaned and chunked corpus out.

``read`` reads a source (folders of articles, JSONL) and runs the stage; ``clean`` takes the
annotations, mojibake, footers and bylines out of an article; ``chunk`` splits it into sentences
and passages; ``extract`` gets the article text out of web pages, Word documents and PDFs.
"""

from .read import corpus_from_articles, ingest, read_source, source_files

__all__ = ["corpus_from_articles", "ingest", "read_source", "source_files"]
