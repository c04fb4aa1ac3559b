import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffAuth } from '../auth/staff-auth.decorators';
import type { StaffPrincipal } from '../../staff/staff-principal';
import { CsvExport } from '../exports/csv-export.decorator';
import { ApiQueryFrom, StaffDoc } from '../openapi/api-docs.decorators';
import { FirmScoringService } from './firm-scoring.service';
import { LIST_CSV_COLUMNS, RANKING_CSV_COLUMNS } from './scoring.csv-columns';
import { LISTS_QUERY_SCHEMA, parseListsQuery, parseRankingQuery, RANKING_QUERY_SCHEMA } from './scoring.dto';
import { ApiOkBody } from '../openapi/response-schemas';

/** 综合排名 and the white and black lists, limited to the caller's region scope. */
@Controller('v1')
@ApiTags('scoring')
@StaffAuth()
export class RankingController {
  constructor(private readonly scoring: FirmScoringService) {}

  @Get('ranking')
  @StaffDoc(
    "综合排名: latest assessment of each firm in the caller's region, ranked across all firms (tier, then risk score); cursor pagination",
    'any',
    422,
  )
  @ApiOkBody('RankingPage')
  @ApiQueryFrom(RANKING_QUERY_SCHEMA)
  ranking(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.scoring.ranking(staff, parseRankingQuery(query));
  }

  @Get('ranking.csv')
  @StaffDoc(
    "综合排名 as CSV: every ranked firm of the caller's region the filters select, in rank order; the export is logged",
    'any',
    422,
  )
  @ApiQueryFrom(RANKING_QUERY_SCHEMA)
  @CsvExport('ranking', RANKING_CSV_COLUMNS)
  rankingCsv(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.scoring.allRanking(staff, parseRankingQuery(query));
  }

  @Get('lists')
  @StaffDoc("白名单 / 黑名单: firms on each list now in the caller's region, with reasons", 'any', 422)
  @ApiQueryFrom(LISTS_QUERY_SCHEMA)
  lists(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    return this.scoring.lists(staff, parseListsQuery(query).list);
  }

  @Get('lists.csv')
  @StaffDoc("白名单 / 黑名单 as CSV, one row per listed firm of the caller's region; the export is logged", 'any', 422)
  @ApiQueryFrom(LISTS_QUERY_SCHEMA)
  @CsvExport('lists', LIST_CSV_COLUMNS)
  async listsCsv(@CurrentStaff() staff: StaffPrincipal, @Query() query: unknown) {
    const { white, black } = await this.scoring.lists(staff, parseListsQuery(query).list);
    return [...white, ...black];
  }
}
