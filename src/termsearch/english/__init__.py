"""English for the glossary and the corpus, one job per module:

- `renderings`     the renderings files (English names of terms, with source and confidence)
- `words`          English words as matching sees them (stop words, plurals, -ing/-ed, irregular forms)
- `cedict`         CC-CEDICT read into weighted English glosses (the only reader of the file)
- `disk_cache`     the parsed dictionary kept on disk between builds
- `supplement`     policy English CC-CEDICT glosses otherwise (rural → 乡村), a data file
- `word_map`       English → the corpus's Chinese words, built with each index (english.json)
- `query_words`    an English query read against that map
- `spelling`       misspelt English corrected toward the words that map holds
- `term_match`     glossary terms found by their English renderings
- `language`       which language a typed query is in
- `reader_glosses` dictionary glosses of the corpus's words for the reader
"""
